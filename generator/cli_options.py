"""What every command shares: help texts translated when shown, the options every command takes, and how
a command fails (a message, exit 1)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import click

from generator.base import i18n
from generator.base.errors import GongshiError, Problems
from generator.base.i18n import N_, _
from generator.records.config import CONFIG_NAME
from generator.records.loader import Site, load_site


@contextlib.contextmanager
def _help_translated(item) -> Iterator[None]:
    """``item.help`` (an English text marked with N_) in the current language for a while."""
    original = item.help
    item.help = _(original) if original else original
    try:
        yield
    finally:
        item.help = original


class Option(click.Option):
    """An option whose help is translated when it is shown."""

    def get_help_record(self, ctx):
        with _help_translated(self):
            return super().get_help_record(ctx)


class _TranslatedHelp:
    """Commands whose help, and that of their help option, is translated when it is shown."""

    def format_help_text(self, ctx, formatter):
        with _help_translated(self):
            return super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return (_(self.help) if self.help else "").split("\n")[0][:limit]

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None and not isinstance(option, Option):
            option.__class__, option.help = Option, HELP  # translated when shown, in the language of then
        return option


class Command(_TranslatedHelp, click.Command):
    pass


class Group(_TranslatedHelp, click.Group):
    command_class = Command


HELP = N_("Show this message and exit.")

def _choose_language(ctx, param, value: str | None) -> None:
    if value is not None:
        i18n.choose(value)


lang_option = click.option(
    "--lang", type=click.Choice(i18n.LANGUAGES), cls=Option, expose_value=False, is_eager=True,
    callback=_choose_language, help=N_("language of messages: zh (default) or en"))

config_option = click.option(
    "-f", "--config-file", "config_file", type=click.Path(dir_okay=False, path_type=Path), cls=Option,
    default=CONFIG_NAME, show_default=True, help=N_("the site's configuration; paths in it are relative to it"),
)


def _parse_now(ctx, param, value: str | None):
    from generator.base.dates import parse_now

    if value is None:
        return None
    try:
        return parse_now(value)
    except ValueError:
        raise click.BadParameter(_("'{value}' is not an ISO date-time, e.g. 2024-10-08T09:00+08:00")
                                 .format(value=value)) from None


now_option = click.option("--now", callback=_parse_now, default=None, cls=Option,
                          help=N_("as if it were this moment (ISO date-time; default: SOURCE_DATE_EPOCH or the "
                                  "clock)"))


def print_problems(problems: Problems) -> None:
    """Print every problem, sorted, as path:line: field: message (on stderr)."""
    for problem in problems.sorted():
        click.echo(str(problem), err=True)


def fail(message: str) -> None:
    click.echo(_("error: {message}").format(message=message), err=True)
    sys.exit(1)


def _load(config_file: Path, now: datetime | None = None) -> Site:
    try:
        return load_site(config_file, now)
    except GongshiError as e:
        fail(str(e))
        raise  # pragma: no cover - fail() exits


def process_age() -> float | None:
    """Seconds since this process started (Python's own start and the imports included), from the kernel's
    clock of processes; None where there is none (not Linux)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22: the start, in clock ticks since boot
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - started / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None

