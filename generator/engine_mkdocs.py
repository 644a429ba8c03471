"""The MkDocs adapter: places the core's pages and files into a MkDocs build.

Thin on purpose (Material for MkDocs reaches end of life on 2027-05-05; its
successor reads the same configuration): it loads the site through the core,
adds each generated page as a generated file kept out of the navigation, and
swaps in the core's HTML for the page content. Nothing else lives here.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .dates import build_now
from .sanitize import clean_html
from .validate import PHOTO_SUFFIXES
from .loader import Site, load_site
from . import photos, search
from .pages import FileOut, PageOut, photo_sources, render_site


class GongshiConfig(base.Config):
    #: folder of the YAML records, relative to site_config.yml
    notices_dir = c.Type(str, default="notices")
    #: holidays of years the official calendar library does not know yet (read by the core)
    calendar = c.Type(dict, default={})
    #: feed ids and retention (read by the core)
    feeds = c.Type(dict, default={})


#: Stamped pages: thousands of nominee pages share one page design, so MkDocs renders a shell once per
#: variant (with and without a shared image) at the same depth, and every page is that shell with its
#: title, description, image, address and content put in. Markers are plain words that escaping leaves as
#: they are; the values put in are escaped like everything else.
SHELL_DIR = "notices/-gongshi-shell"
MARK = {"title": "GONGSHISTAMPTITLE", "description": "GONGSHISTAMPDESCRIPTION", "image": "GONGSHISTAMPIMAGE",
        # with an <h1> so that Material does not add a heading of its own (the content has its h1)
        "content": "<h1>GONGSHISTAMPCONTENT</h1>"}


def _shell_uri(with_image: bool) -> str:
    return f"{SHELL_DIR}/{'image' if with_image else 'plain'}/index.md"


class GongshiPlugin(BasePlugin[GongshiConfig]):
    #: set by ``gongshi build --now``; otherwise SOURCE_DATE_EPOCH or the clock
    now: datetime | None = None
    #: records `gongshi build` has already read; used once (``serve`` reads them again on each rebuild)
    preloaded: Site | None = None

    def on_config(self, config):
        if "material/search" in config.plugins or "search" in config.plugins:
            raise PluginError("site_config.yml: plugins: remove `- search`: gongshi builds the site search itself "
                              "(Material's search makes every reader download the whole index)")
        self.site = site = self.preloaded or load_site(Path(config.config_file_path))
        self.preloaded = None
        if site.problems.errors:
            raise PluginError("the records have errors; run `gongshi check`:\n"
                              + "\n".join(str(p) for p in site.problems.sorted()))
        assert site.records is not None
        self.notices_dir = site.config.notices_dir
        assert site.content is not None
        sources = photo_sources(site.records, site.content, site.config)
        photo_map, photo_files = photos.process(sources, photos.PhotoCache(site.config.photo_cache))
        built = render_site(site.records, site.config, build_now(self.now), photo_map, site.content)
        self.pages = built.pages
        self.files = built.files + [FileOut(path, blob) for path, blob in sorted(photo_files.items())]
        self.decorations = built.decorations
        self.stamped = [p for p in self.pages if p.stamped]
        self.by_uri: dict[str, PageOut] = {p.src_uri: p for p in self.pages if not p.stamped}
        self.shells: dict[str, str] = {}
        return config

    def on_files(self, files: Files, config) -> Files:
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            # original photos in content/ are never published: only their re-encoded, metadata-free variants
            if (file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs)
                    and file.src_uri.lower().endswith(PHOTO_SUFFIXES)):
                files.remove(file)
        for page in self.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"content/{page.src_uri} would hide a generated page; rename or remove it")
            if not page.stamped:
                files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for with_image in (False, True):
            files.append(File.generated(config, _shell_uri(with_image), content="",
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        for out in self.files:
            files.append(File.generated(config, out.path, content=out.content))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        if uri.startswith(SHELL_DIR):
            page.meta.update(title=MARK["title"], description=MARK["description"], search={"exclude": True},
                             gongshi_image=MARK["image"] if "/image/" in uri else None)
            return ""
        out, deco = self.by_uri.get(uri), self.decorations.get(uri)
        if out is not None:
            page.meta.update(title=out.title, description=out.description, gongshi_alternates=out.alternates,
                             gongshi_image=out.image)
            if not out.searchable:
                page.meta["search"] = {"exclude": True}
        elif deco is not None:
            if deco.title:
                page.meta["title"] = deco.title
            page.meta.update(description=deco.description, gongshi_image=deco.image)
        # Material inserts titles and descriptions unescaped (<title>, meta description, header)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = str(escape(page.meta[key]))
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

    def on_post_page(self, output, page, config):
        if page.file.src_uri.startswith(SHELL_DIR):
            self.shells[page.file.src_uri] = _zh_cn(output)
        return _zh_cn(output)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "sitemap.xml":
            return _sitemap(output_content, [config.site_url + p.src_uri.removesuffix("index.md")
                                             for p in self.stamped])
        return _zh_cn(output_content)

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        shutil.rmtree(site_dir / SHELL_DIR, ignore_errors=True)
        for page in self.stamped:
            shell_uri = _shell_uri(page.image is not None)
            html = self.shells[shell_uri].replace(shell_uri.removesuffix("index.md"), page.src_uri.removesuffix("index.md"))
            for key, value in (("title", escape(page.title)), ("description", escape(page.description)),
                               ("image", escape(page.image or "")), ("content", page.html)):
                html = html.replace(MARK[key], str(value))
            target = site_dir / page.src_uri.replace("index.md", "index.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
        try:
            search.index_site(site_dir)
        except RuntimeError as error:
            raise PluginError(str(error)) from None

    def on_serve(self, server, config, builder):
        server.watch(str(self.notices_dir))
        return server


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
