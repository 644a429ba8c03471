"""The one door to the engine: what a build asks of the engine that renders the pages around gongshi's (the
navigation, the Markdown pages, the theme) and how it hands the core's outputs over. The engines live in
:mod:`generator.engines`; nothing in :mod:`generator.output` imports one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.records.loader import Site
from generator.site.outputs import Built, PageOut
from generator.site.search import Index


@dataclass
class Rendered:
    """What a whole run of the engine left besides the files it wrote."""

    #: the shells' HTML, by shell address (kept for the builds that only stamp pages)
    shells: dict[str, str]
    #: the search index of the pages written
    index: Index
    #: every file the engine read, with its digest then (see :meth:`Engine.fingerprint`)
    inputs: dict[str, str] = field(default_factory=dict)


class Engine(Protocol):
    """An engine of a site (configuration checked when it is made)."""

    name: str
    #: where the site is built by default (site_dir of the configuration)
    site_dir: Path
    #: folders the preview watches besides the site's records, pages and configuration (the theme's)
    watched: list[Path]

    def fingerprint(self, built: Built, inputs: dict[str, str]) -> str:
        """Digest of everything the engine renders from: ``inputs`` (the files a run read, as
        :attr:`Rendered.inputs` gave them) read again, the engine's own version and the core's pages and
        decorations it places. Equal digests: a run would write the same files."""

    def shell_of(self, page: PageOut) -> str:
        """The address of the shell a stamped page is stamped into."""

    def stamp(self, shell: str, page: PageOut) -> str:
        """A stamped page's HTML from its shell's."""

    def render(self, site: Site, built: Built, dest: Path) -> Rendered:
        """Write the whole site into ``dest``: a BuildError (in the engine's words) if it cannot."""

