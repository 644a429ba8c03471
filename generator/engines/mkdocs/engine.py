"""MkDocs (or ProperDocs, its maintained continuation that reads the same configuration and plugins) as the
engine of a build: its configuration checked, a whole run into a folder, the fingerprint of what it reads,
and what the preview watches.

What a run reads is recorded as it reads it (:mod:`generator.engines.mkdocs.plugin`): every template the
theme loads and every file it publishes from the site's folders. A later build reads those files again and
compares; the folders' listings show a file that was added.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.base.cache import code_version, digest
from generator.base.errors import BuildError
from generator.base.i18n import _
from generator.engines.mkdocs import shells
from generator.engines.mkdocs.plugin import GongshiPlugin, Job
from generator.engines.mkdocs.theme import engine_overrides, package_theme, site_theme
from generator.output.engine import Rendered
from generator.records.config import SiteConfig
from generator.records.loader import Site
from generator.site.outputs import Built, PageOut

#: the libraries whose releases change what the engine writes
_RELEASES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3")


class MkDocsEngine:
    """One site's MkDocs configuration, built or previewed."""

    def __init__(self, name: str, config_file: Path, site: SiteConfig) -> None:
        self.name = name
        self.config_file = Path(config_file)
        self.site = site
        self.overrides = engine_overrides(site)
        self.cfg = self._config()
        self.site_dir = Path(self.cfg.site_dir)
        #: the folders of templates and theme files the site's own theme and gongshi's (Material's are known by
        #: its release)
        self.theme_roots = [d for d in (site_theme(self.cfg), package_theme()) if d is not None]
        #: what the preview watches besides the site's records, pages and configuration
        self.watched = list(self.theme_roots)

    def _config(self):
        """MkDocs' configuration of the site; a setting MkDocs refuses is a BuildError naming it in MkDocs'
        words."""
        with _held_errors("config") as held:
            try:
                return load_config(config_file=str(self.config_file), **self.overrides)
            except MkDocsException as e:
                raise BuildError(_("{path}: MkDocs cannot use this configuration; fix the setting it names:\n"
                                   "{detail}").format(path=self.config_file.name, detail=held.text or str(e))) from e

    def shell_of(self, page: PageOut) -> str:
        return shells.shell_uri(page)

    def stamp(self, shell: str, page: PageOut) -> str:
        return shells.stamp(shell, shells.shell_uri(page), page)

    def fingerprint(self, built: Built, inputs: dict[str, str]) -> str:
        parts: list[str | bytes] = [code_version(), self.name, *(_release(d) for d in _RELEASES)]
        roots = [self.site.docs_dir, *self.theme_roots]
        for path in [self.config_file, *sorted(inputs)]:
            parts += [str(path), _file_digest(Path(path))]
        for root in roots:  # the names in the folders it reads: a file added shows
            parts += [str(root), *sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                                         if "__pycache__" not in p.parts)] if root.is_dir() else [str(root)]
        # a stamped page only by its shell and, if the sitemap lists it, its address
        parts += [repr(page.fields) for page in built.pages if not page.stamped]
        parts += sorted({shells.shell_uri(page) for page in built.pages if page.stamped})
        parts += [page.src_uri for page in built.pages if page.stamped and page.listed]
        parts += [repr(d) for _, d in sorted(built.decorations.items())]
        parts += ["held", *built.held]  # a story's day coming publishes it: the engine runs again
        return digest(*parts)

    def render(self, site: Site, built: Built, dest: Path) -> Rendered:
        cfg = self.cfg
        cfg.site_dir = str(dest)
        plugin: GongshiPlugin = cfg.plugins["gongshi"]
        plugin.job = job = Job(site=site, built=built)
        import mkdocs

        logging.getLogger(mkdocs.__name__).setLevel(logging.WARNING)
        from mkdocs.commands.build import build  # imported only when it runs (a quick build does without it)

        with _held_errors("commands.build") as held:
            try:
                build(cfg)
            except Exception as e:
                if held.records:
                    raise BuildError(held.text) from e
                if isinstance(e, MkDocsException):
                    raise BuildError(str(e)) from e
                raise
        _steady_sitemap(dest)
        assert job.index is not None
        return Rendered(job.shells, job.index, {path: _file_digest(Path(path)) for path in sorted(job.read)})


def _release(dist: str) -> str:
    try:
        return f"{dist} {version(dist)}"
    except PackageNotFoundError:
        return f"{dist} -"


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _steady_sitemap(dest: Path) -> None:
    """MkDocs dates the compressed sitemap with the day of the build; gongshi's says nothing of the day (see
    :func:`generator.engines.mkdocs.shells.sitemap`)."""
    xml = dest / "sitemap.xml"
    if xml.is_file():
        with open(dest / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, filename="sitemap.xml.gz",
                                                                        mode="wb", mtime=0) as gz:
            gz.write(xml.read_bytes())


class _HeldErrors(logging.Filter):
    """The errors a logger of MkDocs logs, held back: MkDocs logs the error that stops it, then raises one
    that only says it stopped ("Aborted with a BuildError!"). The error of the build says what they said,
    once; a run that goes on after an error logs it as usual when it is over."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.records.append(record)
            return False
        return True

    @property
    def text(self) -> str:
        return "\n".join(record.getMessage() for record in self.records)


@contextmanager
def _held_errors(name: str) -> Iterator[_HeldErrors]:
    """The errors the engine's logger ``name`` (``commands.build``: ``mkdocs.commands.build`` or
    ``properdocs.commands.build``) logs in the block, held back (see :class:`_HeldErrors`)."""
    import mkdocs

    logger, held = logging.getLogger(f"{mkdocs.__name__}.{name}"), _HeldErrors()
    logger.addFilter(held)
    try:
        yield held
    finally:
        logger.removeFilter(held)
    for record in held.records:  # not reached when the block raised: the block went on after them
        logger.handle(record)

