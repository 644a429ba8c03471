"""What the core hands to the output stage and the engine: generated pages (HTML fragments for the content
area of a page), files (JSON, calendars, feeds, photos) and decorations (HTML around a page written in
Markdown). Nothing here knows the engine."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from generator.base import cache
from generator.media import photos


@dataclass(frozen=True)
class SharedImage:
    """The image a page shows when it is shared (og:image): absolute address, size in pixels, what it shows."""

    url: str
    width: int | str
    height: int | str
    alt: str


@dataclass(frozen=True)
class PageOut:
    """A generated page: ``src_uri`` like ``notices/x/index.md``; ``html`` is its content."""

    src_uri: str
    title: str
    html: str
    description: str
    #: feeds announced with <link rel="alternate"> besides the site-wide ones: (title, url, type)
    alternates: tuple[tuple[str, str, str], ...] = ()
    #: the image shown when the page is shared
    image: SharedImage | None = None
    #: False keeps the page out of the search index (a listing, or text already in another page)
    searchable: bool = True
    #: True: one of many pages of the same design, stamped into a shell the engine renders once
    stamped: bool = False
    #: False keeps the page out of the sitemap (a superseded or past version of a notice: the notice's own
    #: page is the one to find)
    listed: bool = True

    @property
    def dest(self) -> str:
        """The page's HTML file in the site."""
        return self.src_uri.removesuffix(".md") + ".html"

    @property
    def fields(self) -> tuple:
        """All the page is made from."""
        return (self.src_uri, self.title, self.description, self.image, self.alternates, self.searchable, self.html)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Digest of the page's fields, kept with it in the render cache so that a build compares pages
        without reading them all."""
        return cache.digest(repr(self.fields))


@dataclass(frozen=True)
class Decoration:
    """Generated HTML around a page written in Markdown (figure profiles, stories), and its sharing data."""

    src_uri: str
    before: str
    after: str
    title: str | None
    description: str
    image: SharedImage | None
    #: what the stories index shows of a story besides its title and summary (its cover), addresses from the
    #: site's root: the index has pages at several depths
    excerpt: str = ""


@dataclass(frozen=True)
class Built:
    """Everything the core made for one build."""

    pages: list[PageOut]
    files: list[FileOut]
    decorations: dict[str, Decoration]
    #: the outputs rendered again for this build (the others came from the render cache), by name:
    #: ``notice:<id>`` (a notice's pages and files), ``item:<id>`` (its feed item), ``figure:<page>``,
    #: ``story:<page>`` (decorations)
    rendered: tuple[str, ...] = ()
    #: the version each notice whose public state changed gets in this build (recorded in the ledger by a
    #: publishing build: generator.output.publish)
    pending: dict = field(default_factory=dict)
    #: the Markdown pages of content/ that wait for their day (stories dated after the build's day), by
    #: ``src_uri``: the engine publishes nothing of them
    held: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileOut:
    path: str
    content: bytes | str | photos.Blob

    @property
    def data(self) -> bytes:
        """The file's bytes (a photo's are read from the photo cache only when asked for)."""
        if isinstance(self.content, photos.Blob):
            return self.content.read()
        return self.content.encode() if isinstance(self.content, str) else self.content

    @functools.cached_property
    def digest(self) -> str:
        """Digest of the file's bytes (a photo's is the one kept with it in the cache: it is not read)."""
        if isinstance(self.content, photos.Blob):
            return "sha256:" + self.content.sha256
        return cache.digest(self.data)
