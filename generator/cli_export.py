"""``gongshi export``: spreadsheets for the next level, written from the records (the list of a notice as it
stands, and the blank submission form of a campaign); see :mod:`generator.site.summary_sheets`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from generator.base.i18n import N_, _, listing
from generator.cli_options import Group, Option, _load, config_option, fail, lang_option, now_option, print_problems
from generator.records.loader import Site

xlsx_option = click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                           cls=Option, help=N_("the .xlsx file to write"))


@click.group(cls=Group, help=N_("Write spreadsheets (.xlsx): the current list of a notice, the blank form of a "
                                "campaign."))
def export() -> None:
    pass


def _checked(config_file: Path, now: datetime | None = None) -> Site:
    """The site, its records free of errors (a list from records with errors would be wrong)."""
    site = _load(config_file, now)
    if site.records is None or site.problems.errors:
        print_problems(site.problems)
        click.echo(_("the records have errors; fix them before exporting (gongshi check)"), err=True)
        sys.exit(1)
    return site


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as e:
        fail(_("cannot write {path}: {error}").format(path=path, error=e.strerror or e))


@export.command("list", help=N_("Write the list of NOTICE_ID as it stands (withdrawn nominees left out, "
                                "replacements in) as a summary table (汇总表), one sheet per award."))
@click.argument("notice_id")
@xlsx_option
@now_option
@click.option("--with-private", is_flag=True, cls=Option,
              help=N_("also write the private columns (date of birth, ID number, phone): the file then holds "
                      "personal data"))
@config_option
@lang_option
def export_list(notice_id: str, output: Path, now: datetime | None, with_private: bool, config_file: Path) -> None:
    from generator.base.dates import TZ, build_now
    from generator.site.summary_sheets import list_workbook

    site = _checked(config_file, now)
    assert site.records is not None and site.private is not None
    notice = site.records.notices.get(notice_id)
    if notice is None:
        fail(_("unknown notice '{notice}'; known notices: {known}")
             .format(notice=notice_id, known=listing(sorted(site.records.notices))))
    day = build_now(now).astimezone(TZ).date()
    private = site.private
    data = list_workbook(notice, site.records.campaigns[notice.campaign], day,
                         (lambda nominee: private.get(notice.id, nominee)) if with_private else None)
    _write(output, data)
    standing = len(notice.as_of(day).on_list(day))
    click.echo(_("wrote {path}: {count} on the list as of {day}").format(path=output, count=standing,
                                                                        day=day.isoformat()))
    if with_private:
        click.echo(_("warning: {path} holds personal data (ID numbers, phones, dates of birth); keep it safe and "
                     "send it only to those who need it").format(path=output), err=True)


@export.command("template", help=N_("Write the blank summary table (汇总表) of a campaign to fill in: drop-down "
                                    "lists, and a sheet 填表说明 explaining each column."))
@xlsx_option
@click.option("--campaign", "campaign_id", default=None, cls=Option,
              help=N_("the campaign's id (needed when the site has more than one)"))
@now_option
@config_option
@lang_option
def export_template(output: Path, campaign_id: str | None, now: datetime | None, config_file: Path) -> None:
    from generator.base.dates import TZ, build_now
    from generator.site.summary_sheets import template_workbook

    site = _checked(config_file, now)
    assert site.records is not None
    campaigns = site.records.campaigns
    known = listing(sorted(campaigns))
    if campaign_id is None and len(campaigns) != 1:
        fail(_("the site has {count} campaigns; name one with --campaign: {known}")
             .format(count=len(campaigns), known=known))
    campaign = campaigns.get(campaign_id) if campaign_id else next(iter(campaigns.values()))
    if campaign is None:
        fail(_("unknown campaign '{campaign}'; known campaigns: {known}").format(campaign=campaign_id, known=known))
    _write(output, template_workbook(campaign, build_now(now).astimezone(TZ).date()))
    click.echo(_("wrote {path}").format(path=output))
