"""The templates of the core (``generator/site/templates``) and what they may call.

Templates autoescape every value: text from YAML never becomes markup. Each template a render loads, and
each photo or figure the ``photo()`` and ``figure()`` helpers hand over, is recorded as a source of the
output being rendered (:mod:`generator.base.deps`); so is every value of the site's configuration read
through :class:`RecordedConfig`.
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from generator.base import dates
from generator.base.deps import read
from generator.media import photos
from generator.model.public import LEVEL_NAMES
from generator.records.config import SiteConfig
from generator.records.contacts import tel_uri
from generator.records.content import Content, Figure
from generator.site.outputs import PageOut, SharedImage
from generator.site.status import LABELS
from generator.site.views import CHANGE_LABELS, channel_lines, correction_text, public_fields


#: where the issuer's emblem is published
EMBLEM = "assets/emblem.png"


def status_as_of(v) -> datetime:
    """The moment from which the status a page shows holds (its status and days left are computed for it):
    the start of today while open (the days left count days), otherwise the instant the status began. Not
    the build's moment, so that a page stays the same, and in the render cache, until its status changes."""
    at, n = v.at, v.notice
    if v.status == "open":
        today = n.end - timedelta(days=v.days_left - 1)
        return max(at.start, datetime.combine(today, time(0, 0), dates.TZ))
    return {"upcoming": datetime.combine(n.published, time(0, 0), dates.TZ), "closed": at.deadline,
            "outcome": at.outcome, "withdrawn": at.withdrawn}[v.status]


def moment(value: datetime) -> str:
    """2026年11月20日 10:00, in Beijing time (the script writes the reader's clock the same way)."""
    local = value.astimezone(dates.TZ)
    return f"{dates.zh_date(local.date(), False)} {local:%H:%M}"


def date_parts(text: str) -> Markup:
    """A date, a deadline or a period as pieces no line breaks inside: 2026年11月24日 | （星期二） | 17:30."""
    pieces = re.findall(r"（[^）]*）|\d{1,2}:\d\d|[^（\s]+?(?=（|\s|$)|\s+", text)
    return Markup("").join(p if p.isspace() else Markup('<span class="gs-date">{}</span>').format(p) for p in pieces)


class RecordedConfig:
    """The site's configuration, each value read recorded as ``config:<name>``."""

    def __init__(self, config: SiteConfig) -> None:
        self._config = config

    def __getattr__(self, name: str) -> Any:
        read(f"config:{name}")
        return getattr(self._config, name)


class _Templates(Environment):
    """The environment of the core's templates: each template loaded (included, extended) is recorded."""

    def get_template(self, name, parent=None, globals=None):  # noqa: A002 - Jinja's own signature
        read(f"template:{name}")
        return super().get_template(name, parent, globals)


class Compiled(BytecodeCache):
    """The compiled templates of one environment in this process, by name and digest of their source: a process
    that renders again (``gongshi serve``) does not compile them again, and an edited template is compiled
    anew. One per environment: the code compiled depends on the environment's settings."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = Compiled()


def template_source(name: str) -> str | None:
    """The text of one of the core's templates (the digest of the source ``template:<name>``)."""
    loader = PackageLoader("generator.site", "templates")
    try:
        return loader.get_source(Environment(), name)[0]
    except Exception:  # noqa: BLE001 - a template that is gone is a changed source
        return None


class Renderer:
    """Renders the core's templates for the pages of one build."""

    def __init__(self, config: SiteConfig, photo_map: dict[str, photos.Rendered], content: Content) -> None:
        self.config = RecordedConfig(config)
        self.photo_map = photo_map
        self.content = content
        self.env = _Templates(
            loader=PackageLoader("generator.site", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(zh_date=dates.zh_date, tel=tel_uri, iso=lambda v: v.isoformat() if v else "",
                                nobreak=date_parts, moment=moment)
        self.env.globals.update(zh_deadline=dates.zh_deadline, LEVEL_NAMES=LEVEL_NAMES, LABELS=LABELS,
                                CHANGE_LABELS=CHANGE_LABELS, channel_lines=channel_lines,
                                public_fields=public_fields, correction_text=correction_text,
                                photo=self.photo, figure=self.figure, status_as_of=status_as_of)

    def photo(self, path: str | None) -> photos.Rendered | None:
        """The encoded variants of a photo of the site (recorded as ``photo:<path>``)."""
        if not path:
            return None
        read(f"photo:{path}")
        return self.photo_map.get(path)

    def figure(self, figure_id: str | None) -> Figure | None:
        """A featured figure's profile (recorded as ``figure:<id>``)."""
        if not figure_id:
            return None
        read(f"figure:{figure_id}")
        return self.content.figures.get(figure_id)

    def image_url(self, path: str | None) -> str | None:
        """The absolute address of the largest variant of a photo, as pages give it when shared."""
        rendered = self.photo(path)
        return self.config.site_url + rendered.largest().path if rendered else None

    def shared_image(self, path: str | None, alt: str | None) -> SharedImage | None:
        """The image a page gives when shared: its photo (the largest variant), else the issuer's emblem."""
        rendered = self.photo(path)
        if rendered:
            big = rendered.largest()
            return SharedImage(self.config.site_url + big.path, big.width, big.height, alt or "")
        issuer = self.config.issuer
        if issuer and issuer.emblem:
            width, height = issuer.emblem_size
            return SharedImage(self.config.site_url + EMBLEM, width, height, issuer.emblem_alt)
        return None

    def from_root(self, target: str) -> str:
        """An address from the site's root (/photos/…, or /sub/photos/… for a site below a path)."""
        return urlsplit(self.config.site_url).path.rstrip("/") + "/" + target

    def page(self, template: str, src_uri: str, title: str, description: str,
             alternates: tuple[tuple[str, str, str], ...] = (), image: SharedImage | None = None, searchable: bool = True,
             stamped: bool = False, listed: bool = True, **context) -> PageOut:
        return PageOut(src_uri, title, self.fragment(template, src_uri, **context), description, alternates, image,
                       searchable, stamped, listed)

    def fragment(self, template: str, src_uri: str, **context) -> str:
        """Render a template for the page at ``src_uri``; ``u()`` makes links relative to it."""
        here = posixpath.dirname(src_uri) if src_uri.endswith("index.md") else src_uri[:-3]
        base = [part for part in here.split("/") if part not in ("", ".")]

        def u(target: str) -> str:
            parts = [part for part in target.split("/") if part not in ("", ".")]
            if ".." in parts or ".." in base:
                rel = posixpath.relpath(target or ".", here or ".")
            else:  # posixpath.relpath of two paths inside the site, without its normalising
                same = 0
                while same < min(len(parts), len(base)) and parts[same] == base[same]:
                    same += 1
                rel = "/".join([".."] * (len(base) - same) + parts[same:]) or "."
            return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)

        return self.env.get_template(template).render(u=u, site_url=self.config.site_url, **context)
