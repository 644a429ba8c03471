"""MkDocs and ProperDocs, the engines gongshi runs on: both read the same configuration, plugins and Material
theme. ProperDocs makes every ``mkdocs.*`` import its own, so which of the two runs is settled once per
process, before anything of MkDocs is imported (:func:`load_engine`)."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.base.errors import BuildError
from generator.base.i18n import _
from generator.records.config import SiteConfig


def load_engine(name: str, config_file: Path, site: SiteConfig):
    """The engine ``name`` ("mkdocs" or "properdocs") for the site of ``config_file``."""
    running = sys.modules.get("mkdocs")
    if running is not None and running.__name__ != name:
        raise BuildError(_("this process already runs another engine; run gongshi again to use {engine}").format(
            engine=name))
    if name == "properdocs":
        import properdocs.replacement  # noqa: F401 - makes mkdocs.* imports ProperDocs' own
    from generator.engines.mkdocs.engine import MkDocsEngine

    return MkDocsEngine(name, config_file, site)
