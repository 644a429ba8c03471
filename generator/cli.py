"""The command line: a thin click layer over the library.

Library errors become messages and exit codes here and nowhere else.
"""

from __future__ import annotations

import functools
import gc
import json
import sys
import time
from pathlib import Path

import click

from .config import CONFIG_NAME
from .errors import GongshiError, Problems
from .loader import Site, load_site

config_option = click.option(
    "-f", "--config-file", "config_file", type=click.Path(dir_okay=False, path_type=Path),
    default=CONFIG_NAME, show_default=True, help="the site's configuration; paths in it are relative to it",
)


def print_problems(problems: Problems) -> None:
    """Print every problem, sorted, as path:line: field: message (on stderr)."""
    for problem in problems.sorted():
        click.echo(str(problem), err=True)


def _load(config_file: Path) -> Site:
    try:
        return load_site(config_file)
    except GongshiError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongshi")
def main() -> None:
    """gongshi: public notices (公示) of award nominees as a website and news feeds."""


@main.command()
@config_option
@_collector_off
def check(config_file: Path) -> None:
    """Validate every record; print each problem as path:line: field: message."""
    started = time.perf_counter()
    site = _load(config_file)
    print_problems(site.problems)
    errors = len(site.problems.errors)
    warnings = len(site.problems) - errors
    if errors:
        click.echo(f"{errors} error(s), {warnings} warning(s): nothing may be published until the errors are fixed",
                   err=True)
        sys.exit(1)
    records = site.records
    assert records is not None
    nominees = sum(len(n.nominees) for n in records.notices.values())
    click.echo(f"ok: {len(records.campaigns)} campaign(s), {len(records.notices)} notice(s), {nominees} nominee(s)"
               f"{f', {warnings} warning(s)' if warnings else ''} in {time.perf_counter() - started:.2f} s")


def _parse_now(ctx, param, value: str | None):
    from .dates import parse_now

    if value is None:
        return None
    try:
        return parse_now(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO date-time, e.g. 2024-10-08T09:00+08:00") from None


@main.command()
@config_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="output directory (default: site_dir of site_config.yml)")
@click.option("--now", callback=_parse_now, default=None,
              help="build as if it were this moment (ISO date-time; default: SOURCE_DATE_EPOCH or the clock)")
@click.option("--timings", is_flag=True, help="also print how long each step took")
@_collector_off
def build(config_file: Path, out: Path | None, now, timings: bool) -> None:
    """Check, then build the site atomically: the old site stays unless everything succeeds."""
    from .build import build_site

    started = time.perf_counter()
    site = _load(config_file)
    read = time.perf_counter() - started
    print_problems(site.problems)
    if site.problems.errors:
        click.echo(f"{len(site.problems.errors)} error(s): nothing was built; the previous site is unchanged", err=True)
        sys.exit(1)
    try:
        report = build_site(config_file, out, now, site)
    except GongshiError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    elapsed = f"{time.perf_counter() - started:.1f} s"
    if report.mode == "unchanged":
        click.echo(f"{report.target} is up to date: nothing changed, no file written ({elapsed})")
    else:
        how = "without running MkDocs" if report.mode == "stamped" else "whole site rendered"
        click.echo(f"built {report.target} in {elapsed}: {report.written} file(s) with new content, "
                   f"{report.audited} audited ({how})")
    if timings:
        for step, seconds in {"reading and checking the records": read, **report.timings}.items():
            click.echo(f"  {seconds:6.1f} s  {step}")


@main.command()
@config_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="address to serve on")
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site; it rebuilds when records, Markdown, photos or the theme change."""
    import logging

    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    site = _load(config_file)
    print_problems(site.problems)
    theme = config_file.parent / "theme"
    mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True,
                 watch=[str(site.config.notices_dir), str(theme)] if theme.is_dir() else [str(site.config.notices_dir)])


@main.command()
@config_option
@click.argument("site_dir", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
def audit(config_file: Path, site_dir: Path | None) -> None:
    """Scan a built site for private data; print every finding; exit 1 on any."""
    from .audit import audit_site, site_files

    site = _load(config_file)
    if site.problems.errors:
        print_problems(site.problems)
        click.echo("the records have errors; the audit needs them to know what is private", err=True)
        sys.exit(1)
    target = site_dir or site.config.site_dir
    if not target.is_dir():
        click.echo(f"error: no built site in {target}; run gongshi build first or pass SITE_DIR", err=True)
        sys.exit(1)
    files = site_files(target)
    findings = audit_site(target, site.private.values(), site.records, files)
    for finding in findings:
        click.echo(str(finding), err=True)
    if findings:
        click.echo(f"{len(findings)} finding(s) in {len(files)} files of {target}", err=True)
        sys.exit(1)
    click.echo(f"ok: no private data in {len(files)} files of {target}")


@main.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write to this file instead of standard output")
def report(config_file: Path, fmt: str, output: Path | None) -> None:
    """Structure table per campaign and notice: counts, shares, quotas and rules."""
    from .report import as_csv, as_json, as_table, build_report

    site = _load(config_file)
    if site.records is None:
        print_problems(site.problems)
        click.echo("the records have errors; fix them before making the report", err=True)
        sys.exit(1)
    rows = build_report(site.records, site.private)
    data = {"csv": lambda: as_csv(rows), "json": lambda: as_json(rows),
            "table": lambda: as_table(rows, site.records).encode()}[fmt]()
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {output}")
    else:
        sys.stdout.buffer.write(data) if fmt == "csv" else click.echo(data.decode(), nl=False)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write to this file instead of standard output")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of record files, for editors that validate YAML."""
    from .records import FILE_TYPES
    from .schema import json_schema

    text = json.dumps(json_schema(FILE_TYPES, "gongshi record file (campaign or notice)"),
                      ensure_ascii=False, indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
