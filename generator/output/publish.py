"""Recording what a publishing build puts out in the publication ledger (:mod:`generator.records.ledger`).

Only a publishing build records: one into the site's own folder (``site_dir``) at the moment it runs (the
clock, or SOURCE_DATE_EPOCH for a reproducible build). Previews never do: ``gongshi serve``, a build with
``--now``, a build into another folder with ``--out``. The ledger files are written, each whole, before the new
site replaces the old one, so the site never shows a version the ledger does not hold.
"""

from __future__ import annotations

from pathlib import Path

from generator.base.cache import atomic_write
from generator.base.errors import BuildError
from generator.base.i18n import _
from generator.records.ledger import Version, file_text, ledger_dir
from generator.records.loader import Site


def record(site: Site, pending: dict[str, Version]) -> list[Path]:
    """Append the versions of ``pending`` to the ledger; return the files written."""
    written = []
    for notice_id, version in sorted(pending.items()):
        before = site.ledger.versions(notice_id)
        if before and before[-1].published >= version.published:
            raise BuildError(_("the ledger already holds a version of {notice} published at {moment}, later than "
                               "this build's moment; check the computer's clock").format(
                notice=notice_id, moment=before[-1].published.isoformat()))
        path = ledger_dir(site.config) / f"{notice_id}.json"
        atomic_write(path, file_text(notice_id, before + (version,)).encode("utf-8"))
        written.append(path)
    return written
