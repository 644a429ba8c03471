"""The MkDocs adapter: places the core's pages and files into a MkDocs build.

Thin on purpose (Material for MkDocs reaches end of life on 2027-05-05; its
successor reads the same configuration): it loads the site through the core,
adds each generated page as a generated file kept out of the navigation, and
swaps in the core's HTML for the page content. Nothing else lives here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .dates import build_now
from .loader import load_site
from .pages import PageOut, render_site


class GongshiConfig(base.Config):
    #: folder of the YAML records, relative to site_config.yml
    notices_dir = c.Type(str, default="notices")
    #: holidays of years the official calendar library does not know yet (read by the core)
    calendar = c.Type(dict, default={})
    #: feed ids and retention (read by the core)
    feeds = c.Type(dict, default={})


class GongshiPlugin(BasePlugin[GongshiConfig]):
    #: set by ``gongshi build --now``; otherwise SOURCE_DATE_EPOCH or the clock
    now: datetime | None = None

    def on_config(self, config):
        site = load_site(Path(config.config_file_path))
        if site.problems.errors:
            raise PluginError("the records have errors; run `gongshi check`:\n"
                              + "\n".join(str(p) for p in site.problems.sorted()))
        assert site.records is not None
        self.notices_dir = site.config.notices_dir
        self.pages, self.files = render_site(site.records, site.config, build_now(self.now))
        self.by_uri: dict[str, PageOut] = {p.src_uri: p for p in self.pages}
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"content/{page.src_uri} would hide a generated page; rename or remove it")
            files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        for out in self.files:
            files.append(File.generated(config, out.path, content=out.content))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        out = self.by_uri.get(page.file.src_uri)
        if out is None:
            return markdown
        # Material inserts these unescaped (<title>, meta description, header, search index).
        page.meta["title"] = str(escape(out.title))
        page.meta["description"] = str(escape(out.description))
        page.meta["gongshi_alternates"] = out.alternates
        return ""

    def on_page_content(self, html, page, config, files):
        out = self.by_uri.get(page.file.src_uri)
        return out.html if out is not None else html

    def on_post_page(self, output, page, config):
        return _zh_cn(output)

    def on_post_template(self, output_content, template_name, config):
        return _zh_cn(output_content)

    def on_serve(self, server, config, builder):
        server.watch(str(self.notices_dir))
        return server


def _zh_cn(html: str) -> str:
    """Material writes lang="zh"; the site is Simplified Chinese of the mainland."""
    return html.replace('<html lang="zh"', '<html lang="zh-CN"', 1)
