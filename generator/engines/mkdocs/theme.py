"""Where the engine finds templates and theme files (the site's own theme, then gongshi's, then Material's),
the pages every site has, and the settings given to the engine besides the site's configuration."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from generator.records.config import SiteConfig


def package_theme() -> Path:
    """gongshi's own theme, carried by the package (``theme/`` of the repository)."""
    return Path(str(importlib.resources.files("generator.theme")))


def site_theme(config) -> Path | None:
    """A site's own theme: its ``theme.custom_dir``, or a ``theme/`` folder beside site_config.yml."""
    if config.theme.custom_dir:
        return Path(config.theme.custom_dir)
    own = Path(config.config_file_path).parent / "theme"
    return own if own.is_dir() else None


def theme_dirs(config) -> list[str]:
    """Where MkDocs looks for templates and theme files, first match wins: the site's own theme, then
    gongshi's, then Material's."""
    ours = [d for d in (site_theme(config), package_theme()) if d is not None]
    dirs = [str(d) for d in ours] + [d for d in config.theme.dirs if d != config.theme.custom_dir]
    seen: set[Path] = set()
    return [d for d in dirs if not (Path(d).resolve() in seen or seen.add(Path(d).resolve()))]


#: the help page every site has, unless its content/ has a help.md of its own
BUILTIN_HELP = "help.md"


def builtin_page(name: str) -> str:
    return (Path(__file__).resolve().parents[2] / "starter" / "content" / name).read_text(encoding="utf-8")


def engine_overrides(site: SiteConfig) -> dict[str, str]:
    """Settings given to MkDocs besides the site's configuration. A site without a content folder gets an
    empty one (in its cache): notices alone make a site."""
    overrides = {}
    if not site.docs_dir.is_dir():
        empty = site.cache_dir / "no-content"
        empty.mkdir(parents=True, exist_ok=True)
        overrides["docs_dir"] = str(empty)
    return overrides
