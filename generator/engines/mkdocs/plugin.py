"""The MkDocs adapter: places the core's pages and files into a MkDocs build.

Thin on purpose (Material for MkDocs reaches end of life on 2027-05-05; its
successor reads the same configuration): it loads the site through the core,
adds each generated page as a generated file kept out of the navigation, and
swaps in the core's HTML for the page content. Nothing else lives here.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.records.config import SiteConfig
from generator.records.content_files import file_problem, is_photo, link_problem
from generator.base.errors import Problems
from generator.records.frontmatter import engine_meta, kind_of
from generator.site.preview import problems_page
from generator.base.dates import build_now
from generator.base.i18n import _
from generator.records.sanitize import clean_html
from generator.records.loader import Site, load_site
from generator.base import parallel
from generator.media import photos
from generator.site import search
from generator.site.pages import FileOut, PageOut, photo_sources, render_site


class GongshiConfig(base.Config):
    #: folder of the YAML records, relative to site_config.yml
    notices_dir = c.Type(str, default="notices")
    #: holidays of years the official calendar library does not know yet (read by the core)
    calendar = c.Type(dict, default={})
    #: feed ids and retention (read by the core)
    feeds = c.Type(dict, default={})


#: Stamped pages: thousands of notice and nominee pages share a few page designs, so MkDocs renders a
#: shell once per variant (depth of the address, sharing image or not, in the search index or not) and
#: every page is that shell with its title, description, image, feed links, address and content put in.
#: Markers are plain words that escaping leaves as they are; the values put in are escaped like
#: everything else.
SHELL_DIR = "-gongshi-shell"
MARK = {"title": "GONGSHISTAMPTITLE", "description": "GONGSHISTAMPDESCRIPTION", "image": "GONGSHISTAMPIMAGE",
        "alternates": "GONGSHISTAMPALTERNATES",
        # with an <h1> so that Material does not add a heading of its own (the content has its h1)
        "content": "<h1>GONGSHISTAMPCONTENT</h1>"}


def shell_uri(page: PageOut) -> str:
    """The shell of a stamped page: same depth, same variant."""
    depth = page.src_uri.count("/")
    variant = ("image" if page.image is not None else "plain") + ("-indexed" if page.searchable else "")
    return f"{SHELL_DIR}-{variant}/" + "d/" * (depth - 1) + "index.md"


def stamp(shell: str, uri: str, page: PageOut) -> str:
    """A stamped page's HTML from its shell's."""
    html = shell.replace(uri.removesuffix("index.md"), page.src_uri.removesuffix("index.md"))
    links = "".join(f'\n  <link rel="alternate" type="{escape(t)}" title="{escape(title)}" href="{escape(href)}">'
                    for title, href, t in page.alternates)
    for k, value in (("title", escape(page.title)), ("description", escape(page.description)),
                     ("image", escape(page.image or "")), ("alternates", links), ("content", page.html)):
        html = html.replace(MARK[k], str(value))
    return html


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


@dataclass
class Core:
    """What the core produced for one build: pages, files (photos included) and decorations."""

    pages: list[PageOut]
    files: list[FileOut]
    decorations: dict


def core_outputs(site: Site, now: datetime | None) -> Core:
    """Render the core for ``site``: photos encoded (or taken from the cache) and every page and file."""
    assert site.records is not None and site.content is not None
    sources = photo_sources(site.records, site.content, site.config)
    photo_map, photo_files = photos.process(sources, photos.PhotoCache(site.config.photo_cache))
    built = render_site(site.records, site.config, build_now(now), photo_map, site.content)
    return Core(built.pages, built.files + [FileOut(path, blob) for path, blob in sorted(photo_files.items())],
                built.decorations)


class GongshiPlugin(BasePlugin[GongshiConfig]):
    #: set by ``gongshi build --now``; otherwise SOURCE_DATE_EPOCH or the clock
    now: datetime | None = None
    #: records `gongshi build` has already read and the core it rendered from them; used once
    #: (``serve`` reads and renders again on each rebuild)
    preloaded: Site | None = None
    prebuilt: Core | None = None
    #: set by ``gongshi serve``: records with errors make a page that lists them instead of stopping the
    #: build, so the browser shows them and the preview recovers by itself once they are fixed
    preview: bool = False
    broken: Problems | None = None

    def on_config(self, config):
        config.theme.dirs[:] = theme_dirs(config)
        if "material/search" in config.plugins or "search" in config.plugins:
            raise PluginError("{path}: plugins: {message}".format(
                path=Path(config.config_file_path).name,
                message=_("remove `- search`: gongshi builds the site search itself (Material's search makes every "
                          "reader download the whole index)")))
        self.site = site = self.preloaded or load_site(Path(config.config_file_path))
        self.notices_dir = site.config.notices_dir
        self.broken = site.problems if site.problems.errors else None
        if self.broken and not self.preview:
            raise PluginError(site.errors_message())
        core = Core([], [], {}) if self.broken else self.prebuilt or core_outputs(site, self.now)
        self.preloaded = self.prebuilt = None
        self.pages, self.files, self.decorations = core.pages, core.files, core.decorations
        self.stamped = [p for p in self.pages if p.stamped]
        self.by_uri: dict[str, PageOut] = {p.src_uri: p for p in self.pages if not p.stamped}
        self.shell_uris = sorted({shell_uri(p) for p in self.stamped})
        #: the shells' HTML as MkDocs wrote them, by shell address (kept by `gongshi build` for later builds)
        self.shells: dict[str, str] = {}
        #: pages (their HTML paths) the search index holds
        self.indexed = [p.dest for p in self.stamped if p.searchable]
        return config

    def on_files(self, files: Files, config) -> Files:
        if self.broken:
            return Files([])  # only the page of problems (on_post_build)
        # what content/ may publish (generator/contentfiles.py): a second line of defence after `check`
        docs = Path(config.docs_dir)
        for file in list(files):
            if not (file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs)):
                continue  # gongshi's, the theme's and the blog's own files
            if file.inclusion.is_excluded():
                continue  # never published (names starting with a dot)
            where = Path(os.path.relpath(file.abs_src_path, Path(config.config_file_path).parent)).as_posix()
            if not Path(file.abs_src_path).resolve().is_relative_to(docs.resolve()):
                raise PluginError(f"{where}: {link_problem()}")
            if is_photo(file.src_uri):
                files.remove(file)  # original photos: only their re-encoded, metadata-free variants are published
            elif problem := file_problem(file.src_uri.rpartition("/")[2]):
                raise PluginError(f"{where}: {problem}")
        for page in self.pages:
            if (hidden := files.get_file_from_path(page.src_uri)) is not None:
                raise PluginError(_("{path}: this page has the address of a generated page ({title}) and would hide "
                                    "it; rename or remove it").format(path=_site_path(hidden, config),
                                                                       title=page.title))
            if not page.stamped:
                files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for uri in self.shell_uris:
            files.append(File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        if files.get_file_from_path(BUILTIN_HELP) is None:
            files.append(File.generated(config, BUILTIN_HELP, content=builtin_page(BUILTIN_HELP)))
        for out in self.files:
            files.append(File.generated(config, out.path, content=out.data))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        if uri.startswith(SHELL_DIR):
            page.meta.update(title=MARK["title"], description=MARK["description"],
                             gongshi_alternates=MARK["alternates"],
                             gongshi_image=MARK["image"] if uri.startswith(f"{SHELL_DIR}-image") else None)
            if "-indexed/" not in uri:
                page.meta["search"] = {"exclude": True}
            return ""
        # only the settings a page of its kind may have, text escaped: Material inserts titles, descriptions,
        # subtitles and more unescaped (<title>, meta tags, header, navigation); gongshi_* are set only below
        meta = engine_meta(page.meta, kind_of(uri))
        page.meta.clear()
        page.meta.update(meta)
        out, deco = self.by_uri.get(uri), self.decorations.get(uri)
        if out is not None:
            page.meta.update(title=str(escape(out.title)), description=str(escape(out.description)),
                             gongshi_alternates=out.alternates, gongshi_image=out.image)
            if not out.searchable:
                page.meta["search"] = {"exclude": True}
        elif deco is not None:
            if deco.title:
                page.meta["title"] = str(escape(deco.title))
            page.meta.update(description=str(escape(deco.description)), gongshi_image=deco.image)
        return "" if out is not None else markdown

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri.startswith(SHELL_DIR):
            return MARK["content"]
        out = self.by_uri.get(page.file.src_uri)
        if out is not None:
            return out.html
        html = clean_html(html)  # Markdown from content/: second line of defence after `check`
        deco = self.decorations.get(page.file.src_uri)
        return deco.before + html + deco.after if deco is not None else html

    def on_page_context(self, context, page, config, nav):
        if "title" not in page.meta and page.title and not page.is_homepage:
            # Material writes a title that front matter does not give as {{ page.title | striptags }}, which
            # decodes character references (a heading's, a category's) back into markup: give it the text, escaped
            page.meta["title"] = str(escape(Markup(page.title).striptags()))
        return context

    def on_post_page(self, output, page, config):
        if page.file.src_uri.startswith(SHELL_DIR):
            self.shells[page.file.src_uri] = _zh_cn(output)
        elif "data-search-body" in output:
            self.indexed.append(page.file.dest_uri)
        return _zh_cn(output)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "sitemap.xml":
            return _sitemap(output_content, [config.site_url + p.src_uri.removesuffix("index.md")
                                             for p in self.stamped])
        return _zh_cn(output_content)

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        if self.broken:
            page = problems_page(self.broken)
            for name in ("index.html", "404.html"):
                (site_dir / name).write_text(page, encoding="utf-8")
            return
        for uri in self.shell_uris:
            shutil.rmtree(site_dir / uri.split("/")[0], ignore_errors=True)

        def write(page: PageOut) -> None:
            uri = shell_uri(page)
            target = site_dir / page.dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stamp(self.shells[uri], uri, page), encoding="utf-8")
        parallel.each(write, self.stamped)
        try:
            self.search_index = search.index_site(site_dir, sorted(self.indexed), self.site.config.cache_dir)
        except (RuntimeError, OSError) as error:
            raise PluginError(str(error)) from error

    def on_serve(self, server, config, builder):
        server.watch(str(self.notices_dir))
        return server


def _site_path(file: File, config) -> str:
    """Where a file of the engine was written, relative to the site (``content/index.md``)."""
    root = Path(config.config_file_path).resolve().parent
    if file.abs_src_path and (path := Path(file.abs_src_path).resolve()).is_relative_to(root):
        return path.relative_to(root).as_posix()
    return file.src_uri


def _zh_cn(html: str) -> str:
    """Material writes lang="zh"; the site is Simplified Chinese of the mainland."""
    return html.replace('<html lang="zh"', '<html lang="zh-CN"', 1)


def _sitemap(xml: str, stamped_urls: list[str]) -> str:
    """The sitemap without the shells and with every stamped page, in the order MkDocs uses (sorted)."""
    blocks = re.findall(r"\s*<url>.*?</url>", xml, flags=re.S)
    kept = [b for b in blocks if SHELL_DIR not in b]
    lastmod = re.search(r"<lastmod>(.*?)</lastmod>", "".join(blocks))
    date_line = f"\n         <lastmod>{lastmod.group(1)}</lastmod>" if lastmod else ""
    kept += [f"\n    <url>\n         <loc>{escape(url)}</loc>{date_line}\n    </url>" for url in stamped_urls]
    head, _, _ = xml.partition(blocks[0]) if blocks else (xml, "", "")
    return head + "".join(kept) + "\n</urlset>"
