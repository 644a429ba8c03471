"""Atomic builds: the new site replaces the old one only when all of it succeeded.

The engine writes into a fresh directory beside the target; on success the
target is swapped for it, on any failure the temporary directory is removed
and the previous site stays byte-identical.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .audit import Finding, audit_site
from .errors import BuildError
from .loader import Site


def build_site(config_file: Path, out: Path | None = None, now: datetime | None = None,
               site: Site | None = None) -> Path:
    """Build the site into ``out`` (default: site_dir of the configuration); return it.

    ``site``: the records already read and checked by the caller, so they are not read twice.
    """
    try:
        cfg = load_config(config_file=str(config_file))
        cfg.plugins["gongshi"].now = now
        cfg.plugins["gongshi"].preloaded = site
    except MkDocsException as e:
        raise BuildError(str(e)) from e
    target = (out or Path(cfg.site_dir)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock(target):
        _remove_leftovers(target)
        return _build_locked(cfg, target)


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    """One build of a target at a time: a second one waits for the first to finish."""
    with open(target.parent / f".{target.name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(target: Path) -> None:
    """Staging and old trees of a build that was killed; safe because we hold the lock."""
    for stale in target.parent.glob(f".{target.name}-new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}-old-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _build_locked(cfg, target: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        cfg.site_dir = str(staging)
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        mkdocs_build(cfg)
        _audit(cfg.plugins["gongshi"].site, staging)
        os.chmod(staging, 0o755)
        _swap(staging, target)
    except BaseException as e:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(e, Exception):
            known = isinstance(e, (MkDocsException, OSError, BuildError))
            detail = str(e) if known else f"{type(e).__name__}: {e}"
            raise BuildError(f"the build failed; the previous site in {target} is unchanged:\n{detail}") from e
        raise
    return target


def _audit(site: Site, staging: Path) -> None:
    """The new site must carry no private data before it may replace the old one.

    ``site`` is what the engine built from (read once, in the same build).
    """
    findings = audit_site(staging, site.private.values() if site.private else (), site.records)
    if findings:
        raise AuditFailed(findings)


class AuditFailed(BuildError):
    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = "\n".join(str(f) for f in findings[:50])
        more = f"\n… and {len(findings) - 50} more" if len(findings) > 50 else ""
        super().__init__(f"the audit found {len(findings)} private value(s) in the new site:\n{lines}{more}")


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` with ``staging``; the old tree is moved aside first, then removed."""
    if not target.exists():
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
