"""The command line: a thin click layer over the library.

Library errors become messages and exit codes here and nowhere else.
"""

from __future__ import annotations

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


def report(problems: Problems) -> None:
    """Print every problem, sorted, as path:line: field: message (on stderr)."""
    for problem in problems.sorted():
        click.echo(str(problem), err=True)


def _load(config_file: Path) -> Site:
    try:
        return load_site(config_file)
    except GongshiError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongshi")
def main() -> None:
    """gongshi: public notices (公示) of award nominees as a website and news feeds."""


@main.command()
@config_option
def check(config_file: Path) -> None:
    """Validate every record; print each problem as path:line: field: message."""
    started = time.perf_counter()
    site = _load(config_file)
    report(site.problems)
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
