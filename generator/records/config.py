"""site_config.yml: the one configuration file of a site.

It is a MkDocs configuration (so MkDocs, and Zensical after it, read it as
it is); gongshi's own options sit in the ``gongshi`` entry of ``plugins``.
Paths are relative to the file, so any directory with a site_config.yml is a
site. This module reads what the core needs, with line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.records.calendar import (CONFIG_SETTING, DeclaredYear, WorkCalendar, disagreements, festival_days,
                                        official_knows)
from generator.base.errors import ConfigError, Problems
from generator.base.i18n import N_, _, listing, use_site_language
from generator.records.types import OPTIONS
from generator.records.conversion import Context, convert
from generator.records.yamltree import Mapping, Node, Scalar, Sequence, read_file

CONFIG_NAME = "site_config.yml"


#: the palette of a site that sets none: a sober dark red bar, dark blue links (both 7:1 or more on white)
DEFAULT_PALETTE = {"primary": "#8b1a1a", "accent": "#0b4f8a"}


@dataclass(frozen=True)
class Issuer:
    """Who runs the site, as the header and the footer show it; only what is configured is shown."""

    name: str
    #: the emblem's file, its size in pixels and what it shows
    emblem: Path | None = None
    emblem_size: tuple[int, int] = (0, 0)
    emblem_alt: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    icp: str = ""
    police: str = ""


@dataclass(frozen=True)
class SiteConfig:
    path: Path
    root: Path
    site_name: str
    site_url: str
    docs_dir: Path
    site_dir: Path
    notices_dir: Path
    calendar: WorkCalendar
    feed_tag_date: date
    feed_retention_days: int
    feed_max_items: int
    #: the largest a feed file may be, in bytes (None: generator.feeds.MAX_BYTES)
    feed_max_bytes: int | None = None
    #: the engine named in plugins › gongshi › engine (see generator/engines/)
    engine: str = "mkdocs"
    #: plugins › gongshi › issuer (None: the site's name stands for it)
    issuer: Issuer | None = None
    #: plugins › gongshi › palette, with the defaults
    palette: tuple[tuple[str, str], ...] = tuple(DEFAULT_PALETTE.items())

    @property
    def cache_dir(self) -> Path:
        """Derived files kept between builds (photos, read records), beside site_config.yml."""
        return self.root / ".gongshi-cache"

    @property
    def photo_cache(self) -> Path:
        return self.cache_dir / "photos"

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the site, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def load_config(path: Path, problems: Problems) -> SiteConfig:
    """Read site_config.yml; problems in it are added to ``problems``.

    A file that cannot be read as settings at all raises :class:`ConfigError`, whose message carries the
    problems found in it (``site_config.yml:3: (syntax): …``): nothing else is read, so nothing else is
    reported."""
    if not path.is_file():
        raise ConfigError(_("{path}: no such file; run gongshi in a site directory or pass -f PATH/{name}").format(
            path=path, name=CONFIG_NAME))
    root = path.parent
    rel = path.name
    before = len(problems)
    tree = read_file(path, rel, problems, allow_tags=True)
    if not isinstance(tree, Mapping):
        if tree is not None:
            problems.add(rel, tree.line, "(file)", _("expected the site's settings, one `name: value` per line "
                                                     "(site_name, site_url, theme, plugins)"))
        elif len(problems) == before:
            problems.add(rel, 0, "(file)", _("the file is empty; write the site's settings in it (site_name, "
                                             "site_url, theme, plugins)"))
        found = Problems(problems.items[before:])
        raise ConfigError("\n".join([_("{file} cannot be read; fix these problems first:").format(file=rel),
                                     *map(str, found.sorted())]))

    theme = tree.get("theme")
    language = theme.get("language") if isinstance(theme, Mapping) else None
    use_site_language(language.text if isinstance(language, Scalar) else None)

    def text(key: str, doc: str, check: str | None = None) -> str:
        node = tree.get(key)
        if not isinstance(node, Scalar) or not node.text.strip():
            problems.add(rel, node.line if node else tree.line, key,
                         _("required setting is missing; add `{name}: ...` ({doc})").format(name=key, doc=_(doc)))
            return ""
        if check and not re.match(check, node.text):
            problems.add(rel, node.line, key, _("'{value}' is not valid ({doc})").format(value=node.text, doc=_(doc)))
        return node.text.strip()

    site_name = text("site_name", N_("the site's name"))
    site_url = text("site_url", N_("the public address, e.g. https://gongshi.example.org/"),
                    r"^https?://[^/\s]+(/\S*)?$")
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    docs = tree.get("docs_dir")
    docs_dir = root / (docs.text if isinstance(docs, Scalar) else "docs")
    out = tree.get("site_dir")
    site_dir = root / (out.text if isinstance(out, Scalar) else "site")

    options = _plugin_options(tree, rel, problems)
    notices_dir = root / options.get("notices_dir", "notices")
    calendar = WorkCalendar(_declared_years(options.get("calendar") or {}, rel, problems))
    feeds = options.get("feeds") or {}
    return SiteConfig(path, root, site_name, site_url, docs_dir, site_dir, notices_dir, calendar,
                      feeds.get("tag_date", date(2000, 1, 1)), feeds.get("retention_days", 365),
                      _max_items(feeds, rel, problems), _max_bytes(feeds, rel, problems),
                      options.get("engine", "mkdocs"), _issuer(options.get("issuer"), root, rel, problems),
                      _palette(options.get("palette") or {}, rel, problems))


ISSUER_SETTING = "plugins › gongshi › issuer"
_ICP = re.compile(r"^\S+ICP备\d+号(-\d+)?$")
_POLICE = re.compile(r"^\S+公网安备\d+号$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _issuer(issuer: dict | None, root: Path, rel: str, problems: Problems) -> Issuer | None:
    """The issuer's settings, each checked: the emblem a square PNG with its description, the filing
    numbers as the filing systems write them."""
    if not issuer:
        return None
    where = lambda key: f"{ISSUER_SETTING} › {key}"  # noqa: E731 - the field path of a problem
    values = {k: issuer.get(k) or "" for k in ("address", "phone", "email", "icp", "police", "emblem_alt")}
    for key, pattern, example in (("icp", _ICP, "京ICP备12345678号"), ("police", _POLICE, "京公网安备11010502000001号")):
        if values[key] and not pattern.match(values[key]):
            problems.add(rel, issuer.line_of(key), where(key), _(
                "'{value}' is not a filing number; write it exactly as the filing system shows it, e.g. {example}")
                .format(value=values[key], example=example))
            values[key] = ""
    emblem, size = None, (0, 0)
    if issuer.get("emblem"):
        emblem, size = _emblem(root / issuer["emblem"], issuer["emblem"], rel, issuer.line_of("emblem"), problems)
        if emblem and not values["emblem_alt"]:
            problems.add(rel, issuer.line_of("emblem"), where("emblem_alt"), _(
                "the emblem needs a description; add `emblem_alt:` saying what it shows, e.g. 青澜市总工会会徽"))
    return Issuer(issuer["name"], emblem, size, **values)


def _emblem(path: Path, value: str, rel: str, line: int, problems: Problems) -> tuple[Path | None, tuple[int, int]]:
    from PIL import Image, UnidentifiedImageError  # only a site with an emblem needs it

    where = f"{ISSUER_SETTING} › emblem"
    try:
        with Image.open(path) as image:
            kind, size = image.format, image.size
    except FileNotFoundError:
        problems.add(rel, line, where, _("'{value}': no such file; give the emblem's path relative to "
                                         "site_config.yml").format(value=value))
        return None, (0, 0)
    except (UnidentifiedImageError, OSError):
        kind, size = None, (0, 0)
    if kind != "PNG" or size[0] != size[1] or not 200 <= size[0] <= 1200:
        problems.add(rel, line, where, _("'{value}' is not a square PNG of 200 to 1200 pixels; save the emblem "
                                         "as such a PNG").format(value=value))
        return None, (0, 0)
    return path, size


def _palette(palette: dict, rel: str, problems: Problems) -> tuple[tuple[str, str], ...]:
    colours = dict(DEFAULT_PALETTE)
    for key, value in palette.items():
        if _COLOUR.match(value):
            colours[key] = value.lower()
        else:
            problems.add(rel, palette.line_of(key), f"plugins › gongshi › palette › {key}", _(
                "'{value}' is not a colour; write it as #RRGGBB, e.g. {example}").format(
                value=value, example=DEFAULT_PALETTE[key]))
    return tuple(colours.items())


def _max_items(feeds: dict, rel: str, problems: Problems) -> int:
    """How many items one feed holds (the newest changes); a feed of every notice in full would grow
    without end on a large site."""
    value = feeds.get("max_items", 20)
    if value < 1:
        problems.add(rel, feeds.line_of("max_items"), "plugins › gongshi › feeds › max_items",
                     _("{value} is not a number of items; use 1 or more (default 20)").format(value=value))
        return 20
    return value


def _max_bytes(feeds: dict, rel: str, problems: Problems) -> int | None:
    """The largest a feed file may be (``max_kb``); None when not set."""
    value = feeds.get("max_kb")
    if value is None:
        return None
    if value < 100:
        problems.add(rel, feeds.line_of("max_kb"), "plugins › gongshi › feeds › max_kb",
                     _("{value} KB is too small for a feed file; use 100 or more (default 1000)").format(value=value))
        return None
    return value * 1000


def _plugin_options(tree: Mapping, rel: str, problems: Problems) -> dict:
    plugins = tree.get("plugins")
    items = plugins.items if isinstance(plugins, Sequence) else []
    if isinstance(plugins, Mapping):
        items = [Mapping(plugins.line, {k: v}) for k, v in plugins.entries.items()]
    for item in items:
        if isinstance(item, Scalar) and item.text == "gongshi":
            node: Node = Mapping(item.line)
        elif isinstance(item, Mapping) and "gongshi" in item.entries:
            node = item.entries["gongshi"][1]
            if isinstance(node, Scalar) and node.plain and node.implicit == "null":
                node = Mapping(node.line)
        else:
            continue
        return convert(node, OPTIONS, Context(rel, problems), "plugins.gongshi") or {}
    problems.add(rel, plugins.line if plugins else tree.line, "plugins",
                 _("the gongshi plugin is not enabled; add `- gongshi` to plugins"))
    return {}


def _declared_years(calendar: dict, rel: str, problems: Problems) -> dict[int, DeclaredYear]:
    years: dict[int, DeclaredYear] = {}
    for key, decl in calendar.items():
        line = calendar.lines.get(key, 0) if hasattr(calendar, "lines") else 0
        where = f"{CONFIG_SETTING} › {key}"
        if not re.fullmatch(r"(19|20)\d\d", key):
            problems.add(rel, line, where, _("'{value}' is not a year; use the four-digit year, e.g. 2027").format(
                value=key))
            continue
        year = int(key)
        holidays: list[date] = decl.get("holidays", [])
        workdays: list[date] = decl.get("workdays", [])
        for day in [*holidays, *workdays]:
            if day.year != year:
                problems.add(rel, decl.line, where, _("{day} is not in {year}; list it under its own year").format(
                    day=day.isoformat(), year=year))
        for day in set(holidays) & set(workdays):
            problems.add(rel, decl.line, where, _("{day} is listed both as holiday and as working day").format(
                day=day.isoformat()))
        years[year] = DeclaredYear(frozenset(holidays), frozenset(workdays))
        if official_knows(year):
            _compare_with_official(year, years[year], rel, line, where, problems)
            continue
        for festival, day in festival_days(year):
            if day not in years[year].holidays:
                problems.add(rel, decl.line_of("holidays"), where, _(
                    "{festival} ({day}) is missing; list every day of the {festival} holiday in the State Council's "
                    "notice under `holidays:`").format(festival=_(festival.name), day=day.isoformat()))
    return years


def _compare_with_official(year: int, declared: DeclaredYear, rel: str, line: int, where: str,
                           problems: Problems) -> None:
    """A declared year the official calendar has come to know: the declaration is used, and where it says
    otherwise is a warning (the notice may have changed, or the declaration is wrong)."""
    off, on = disagreements(year, declared)
    if off:
        problems.add(rel, line, where, _(
            "{days}: days off in the official calendar gongshi carries, working days here; this declaration is "
            "used: check it against the State Council's notice, or delete the year to use the official calendar")
            .format(days=_day_runs(off)), "warning")
    if on:
        problems.add(rel, line, where, _(
            "{days}: working days in the official calendar gongshi carries, days off here; this declaration is "
            "used: check it against the State Council's notice, or delete the year to use the official calendar")
            .format(days=_day_runs(on)), "warning")


def _day_runs(days: list[date]) -> str:
    """Sorted days as a list of runs of consecutive days: 2026-02-16 to 2026-02-20, 2026-02-23."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return listing(run[0].isoformat() if len(run) == 1 else _("{first} to {last}").format(
        first=run[0].isoformat(), last=run[-1].isoformat()) for run in runs)
