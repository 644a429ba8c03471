"""The command line: a thin click layer over the library.

Library errors become messages and exit codes here and nowhere else. Every text is Chinese unless English
is asked for (``--lang en``, the site's language or the environment; see :mod:`generator.i18n`): help
texts are marked with ``N_`` where they are written and translated when they are shown.
"""

from __future__ import annotations

import errno
import functools
import gc
import json
import sys
import time
from datetime import datetime
from pathlib import Path

import click

from generator.base.errors import GongshiError
from generator.base.i18n import N_, _, listing, ngettext
# the helpers every command uses, kept beside them (generator.cli_export's commands use them too)
from generator.cli_export import export, export_template
from generator.cli_options import (Group, Option, _load, config_option, fail, lang_option, now_option, print_problems,
                                  process_age)


#: click's own words that a clerk meets (its other words stay English)
CLICK_WORDS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."), N_("No such command {name!r}."), N_("Missing argument"), N_("Missing option"),
    N_("Missing parameter: {param_name}"), N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"), N_("default: {default}"), N_("required"),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("file"), N_("directory"), N_("path"), N_("Aborted!"),
    N_("Missing command."), N_("Option {name!r} requires an argument."), N_("Show the version and exit."),
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1),
)


def _click_speaks_our_language() -> None:
    """click writes its own words (Usage:, Error:, No such option …) through gettext's global catalog, which
    holds none of gongshi's translations: its modules look words up in gongshi's catalog instead."""
    from click import core, decorators, exceptions, formatting, parser, types

    for module in (core, decorators, exceptions, formatting, parser, types):
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


_click_speaks_our_language()


def _collector_off(command):
    """Run a command with Python's cycle collector off: its passes over the many objects a build reads and
    renders cost about a second of a 20,000-nominee rebuild and would free little (a cold build of that size
    stays under 700 MB without them). It is on again afterwards: commands also run inside tests."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        was = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if was:
                gc.enable()
    return run


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("gongshi: public notices (公示) of award nominees as a website and news feeds."))
@click.version_option(package_name="gongshi", cls=Option, help=N_("Show the version and exit."))
@lang_option
def main() -> None:
    pass


@main.command(help=N_("Create a new site in DIR (default: this folder): a configuration, a campaign and a "
                      "notice to copy, the help page. Never overwrites anything."))
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@now_option
@lang_option
def init(directory: Path, now: datetime | None) -> None:
    from generator.base.dates import build_now
    from generator.newsite import create_site

    try:
        written = create_site(directory, build_now(now).date())
    except GongshiError as e:
        fail(str(e))
    for path in written:
        click.echo(_("created {path}").format(path=path))
    where = "" if directory == Path(".") else f"cd {directory} && "
    click.echo(_("a new site is ready; next: {where}gongshi check, then gongshi serve to preview it")
               .format(where=where))


@main.command(help=N_("Validate every record; print each problem as path:line: field: message, then the "
                      "schedule of every notice."))
@config_option
@now_option
@lang_option
@_collector_off
def check(config_file: Path, now: datetime | None) -> None:
    from generator.base.dates import build_now
    from generator.site.schedule import next_change, next_change_line, site_schedule, waiting_stories

    started = time.perf_counter()
    site = _load(config_file, now)
    print_problems(site.problems)
    errors, warnings = site.problems.count("error"), site.problems.count("warning")
    if errors:
        click.echo(_("{errors} error(s), {warnings} warning(s): nothing may be published until the errors are "
                     "fixed").format(errors=errors, warnings=warnings), err=True)
        sys.exit(1)
    records = site.records
    assert records is not None and site.content is not None
    moment = build_now(now)
    for schedule in site_schedule(records, moment):
        n = schedule.notice
        click.echo(f"{n.source.path}: {n.id}  {n.title}")
        for line in schedule.lines:
            click.echo(f"  {line}")
    stories = waiting_stories(site.content, moment)
    if stories:
        click.echo(_("stories waiting for their day: {items}").format(items=_("; ").join(stories)))
    click.echo(next_change_line(next_change(records, site.content, site.config, moment)))
    nominees = sum(len(n.nominees) for n in records.notices.values())
    click.echo(_("ok: {campaigns} campaign(s), {notices} notice(s), {nominees} nominee(s), {warnings} warning(s); "
                 "checked in {seconds:.2f} s; status as of {now}").format(
        campaigns=len(records.campaigns), notices=len(records.notices), nominees=nominees, warnings=warnings,
        seconds=time.perf_counter() - started, now=_moment(moment)))


def _moment(moment: datetime) -> str:
    from generator.site.schedule import moment_text

    return moment_text(moment)


# the lines of `gongshi build --timings` around the steps of the build (generator.output.build)
STEP_START = N_("starting Python and gongshi (imports)")
STEP_REST = N_("the rest (messages, the next update)")
STEP_TOTAL = N_("in all, from the start of the process")


@main.command(help=N_("Check, then build the site atomically: the old site stays unless everything succeeds."))
@config_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None, cls=Option,
              help=N_("output directory (default: site_dir of site_config.yml)"))
@now_option
@click.option("--timings", is_flag=True, cls=Option, help=N_("also print how long each step took"))
@lang_option
@_collector_off
def build(config_file: Path, out: Path | None, now, timings: bool) -> None:
    from generator.engines import build_site
    from generator.output.build import STEP_READ, step_name
    from generator.site.schedule import next_change_line

    begun = process_age()  # Python started and gongshi imported
    started = time.perf_counter()
    site = _load(config_file, now)
    read = time.perf_counter() - started
    print_problems(site.problems)
    if site.problems.errors:
        click.echo(_("{errors} error(s): nothing was built; the previous site is unchanged")
                   .format(errors=site.problems.count("error")), err=True)
        sys.exit(1)
    try:
        report = build_site(config_file, out, now, site)
    except GongshiError as e:
        fail(str(e))
    elapsed = time.perf_counter() - started
    if report.mode == "unchanged":
        click.echo(_("{target} is up to date: nothing changed, no file written ({seconds:.1f} s)")
                   .format(target=report.target, seconds=elapsed))
    else:
        how = _("without running MkDocs") if report.mode == "stamped" else _("whole site rendered")
        click.echo(_("built {target} in {seconds:.1f} s: {written} file(s) with new content, {audited} audited "
                     "({how})").format(target=report.target, seconds=elapsed, written=report.written,
                                       audited=report.audited, how=how))
    if report.recorded:
        click.echo(ngettext("recorded in the ledger: a new version of {notices}",
                            "recorded in the ledger: new versions of {notices}", len(report.recorded)).format(
            notices=listing(report.recorded)))
    _print_waiting(site, now)
    click.echo(next_change_line(report.next))
    if timings:
        steps = {STEP_READ: read, **report.timings}
        ended = process_age()
        if begun is not None and ended is not None:  # the floor of every run, the rest, and all of it
            steps = {STEP_START: begun, **steps, STEP_REST: max(0.0, ended - begun - sum(steps.values())),
                     STEP_TOTAL: ended}
        for step, seconds in steps.items():
            click.echo(f"  {seconds:6.1f} s  {step_name(step)}")


def _print_waiting(site, now: datetime | None) -> None:
    """What the build left out because it is dated later, and the day it goes out."""
    from generator.base.dates import build_now
    from generator.site.schedule import site_waiting

    assert site.records is not None and site.content is not None
    for line in site_waiting(site.records, site.content, build_now(now)):
        click.echo(line)


@main.command(help=N_("Preview the site on this computer; it rebuilds when records, Markdown, photos or the theme "
                      "change, and shows the problems of the records in the browser."))
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, cls=Option,
              help=N_("address to serve on"))
@now_option
@lang_option
def serve(config_file: Path, dev_addr: str, now: datetime | None) -> None:
    import logging

    from generator.engines import serve as engine_serve

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    site = _load(config_file, now)
    print_problems(site.problems)
    host, _colon, port = dev_addr.rpartition(":")
    _refuse_busy_port(host, port, dev_addr)
    try:
        engine_serve(config_file, site.config, dev_addr, now)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:  # taken between the test and the start
            _busy(dev_addr)
        raise


def _refuse_busy_port(host: str, port: str, address: str) -> None:
    """A port already in use is one clear line before anything is built."""
    import socket

    if not port.isdigit():
        fail(_("'{address}' is not an address; write host:port, e.g. 127.0.0.1:8000").format(address=address))
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview server itself binds
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                _busy(address)
            raise


def _busy(address: str) -> None:
    fail(_("the address {address} is already in use (another preview may be running); stop it or choose another "
           "port, e.g. gongshi serve -a 127.0.0.1:8001").format(address=address))


@main.command(help=N_("Scan a built site for private data; print every finding; exit 1 on any."))
@config_option
@click.argument("site_dir", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@lang_option
def audit(config_file: Path, site_dir: Path | None) -> None:
    from generator.output.audit import audit_site, site_files

    site = _load(config_file)
    if site.problems.errors:
        print_problems(site.problems)
        click.echo(_("the records have errors; the audit needs them to know what is private"), err=True)
        sys.exit(1)
    target = site_dir or site.config.site_dir
    if not target.is_dir():
        fail(_("no built site in {target}; run gongshi build first or pass SITE_DIR").format(target=target))
    files = site_files(target)
    findings = audit_site(target, site.private.values(), site.records, files)
    for finding in findings:
        click.echo(str(finding), err=True)
    if findings:
        click.echo(_("{findings} finding(s) in {files} files of {target}")
                   .format(findings=len(findings), files=len(files), target=target), err=True)
        sys.exit(1)
    click.echo(_("ok: no private data in {files} files of {target}").format(files=len(files), target=target))


@main.command(help=N_("Structure table per campaign and notice: counts, shares, quotas and rules."))
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              cls=Option, help=N_("table for reading, csv for spreadsheets (UTF-8 with BOM), json"))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, cls=Option,
              help=N_("write to this file instead of standard output"))
@lang_option
def report(config_file: Path, fmt: str, output: Path | None) -> None:
    from generator.records.report import as_csv, as_json, as_table, build_report

    site = _load(config_file)
    if site.records is None:
        print_problems(site.problems)
        click.echo(_("the records have errors; fix them before making the report"), err=True)
        sys.exit(1)
    rows = build_report(site.records, site.private)
    data = {"csv": lambda: as_csv(rows), "json": lambda: as_json(rows),
            "table": lambda: as_table(rows, site.records).encode()}[fmt]()
    if output:
        output.write_bytes(data)
        click.echo(_("wrote {path}").format(path=output))
    else:
        sys.stdout.buffer.write(data) if fmt == "csv" else click.echo(data.decode(), nl=False)


@main.command("import", help=N_("Import the nominees of a 汇总表 (.xlsx, .xls, .ods, .csv) into a notice file."))
@click.argument("file", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--notice", type=click.Path(dir_okay=False, path_type=Path), default=None, cls=Option,
              help=N_("the notice file whose nominees are filled in"))
@click.option("--award", default=None, cls=Option, help=N_("the award id of every sheet (default: by sheet name)"))
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None, cls=Option,
              help=N_("instead: write the blank 汇总表 of the campaign to this .xlsx (as gongshi export template)"))
@click.option("--campaign", "campaign_id", default=None, cls=Option,
              help=N_("with --template: the campaign's id (needed when the site has more than one)"))
@config_option
@lang_option
@click.pass_context
def import_table(ctx: click.Context, file: Path | None, notice: Path | None, award: str | None,
                 template: Path | None, campaign_id: str | None, config_file: Path) -> None:
    if template is not None:
        ctx.invoke(export_template, output=template, campaign_id=campaign_id, now=None, config_file=config_file)
        return
    if file is None or notice is None:
        fail(_("name the table to import and the notice file: gongshi import TABLE.xlsx --notice notices/x.yml "
               "(or write a blank table with gongshi import --template FILE.xlsx)"))
    from generator.records.importing import run_import
    sys.exit(run_import(config_file, file, notice, award, click.echo, fail))


@main.command(help=N_("Carry the nominees still on the lists of LOWER_NOTICE_ID... up into a higher notice file, "
                      "as `from:` references (withdrawn and replaced nominees left out)."))
@click.argument("lower", nargs=-1, required=True, metavar="LOWER_NOTICE_ID...")
@click.option("--notice", type=click.Path(dir_okay=False, path_type=Path), required=True, cls=Option,
              help=N_("the higher notice file whose nominees are filled in"))
@now_option
@config_option
@lang_option
def promote(lower: tuple[str, ...], notice: Path, now: datetime | None, config_file: Path) -> None:
    from generator.base.dates import TZ, build_now
    from generator.records.promote import promote as carry_up

    try:
        result = carry_up(config_file, list(lower), notice, build_now(now).astimezone(TZ).date())
    except GongshiError as e:
        fail(str(e))
    for warning in result.warnings:
        click.echo(_("warning: {message}").format(message=warning), err=True)
    for ref in result.left_out:
        click.echo(_("left out (taken off its list by a correction): {ref}").format(ref=ref))
    click.echo(_("{path}: {added} nominee(s) carried up, {present} already there, {left} left out; run gongshi "
                 "check").format(path=notice, added=len(result.added), present=result.present,
                                 left=len(result.left_out)))


@main.command(help=N_("Print the JSON Schema of record files, for editors that validate YAML."))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, cls=Option,
              help=N_("write to this file instead of standard output"))
@lang_option
def schema(output: Path | None) -> None:
    from generator.records.types import FILE_TYPES
    from generator.records.schema import json_schema

    text = json.dumps(json_schema(FILE_TYPES, _("gongshi record file (campaign or notice)")),
                      ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(_("wrote {path}").format(path=output))
    else:
        click.echo(text, nl=False)


main.add_command(export)
