"""The MkDocs plugin: places the core's pages and files into a run of the engine.

Thin on purpose: it adds each generated page as a generated file kept out of the navigation, swaps in the
core's HTML for the page content, renders one shell per design of the stamped pages, and records what the
run reads (the theme's templates, the site's files) for the fingerprint of the next build. What it is to
place comes as a :class:`Job` from :class:`generator.engines.mkdocs.engine.MkDocsEngine`; ``gongshi serve``
runs it through the same door (generator.output.preview).
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import BaseLoader
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.base import parallel
from generator.base.i18n import _
from generator.engines.mkdocs.shells import MARK, SHELL_DIR, shell_uri, sitemap, stamp, zh_cn
from generator.engines.mkdocs.theme import BUILTIN_HELP, builtin_page, theme_dirs
from generator.records.content_files import file_problem, is_photo, link_problem
from generator.records.frontmatter import engine_meta, kind_of
from generator.records.loader import Site, load_site
from generator.records.sanitize import clean_html
from generator.site import search
from generator.site.outputs import Built, PageOut, SharedImage
from generator.site.pages import site_outputs
from generator.site.render import EMBLEM, Compiled


class GongshiConfig(base.Config):
    #: folder of the YAML records, relative to site_config.yml
    notices_dir = c.Type(str, default="notices")
    #: holidays of years the official calendar library does not know yet (read by the core)
    calendar = c.Type(dict, default={})
    #: feed ids and retention (read by the core)
    feeds = c.Type(dict, default={})
    #: the engine (read by gongshi before the engine starts)
    engine = c.Type(str, default="mkdocs")
    #: who runs the site and the site's colours (read by the core, shown by the theme)
    issuer = c.Type(dict, default={})
    palette = c.Type(dict, default={})


@dataclass
class Job:
    """What one run of the engine is to place, and what it left."""

    #: the records already read and checked, and the core rendered from them (None: read them now)
    site: Site | None = None
    built: Built | None = None
    #: set by ``--now``; otherwise SOURCE_DATE_EPOCH or the clock
    now: datetime | None = None
    #: the shells' HTML as the engine wrote them, by shell address
    shells: dict[str, str] = field(default_factory=dict)
    index: search.Index | None = None
    #: the files the run read: templates of the theme, files of the site it published
    read: set[str] = field(default_factory=set)


#: the theme's compiled templates (see :class:`generator.site.render.Compiled`)
_THEME_COMPILED = Compiled()


@functools.cache
def _material() -> Path:
    """Where Material's own files are (known to a build by its release, not read again)."""
    return Path(str(importlib.resources.files("material"))).resolve()


def _own(path: str) -> bool:
    """A file of the site or of gongshi, not of Material."""
    return not Path(path).resolve().is_relative_to(_material())


class _Recording(BaseLoader):
    """The theme's template loader, saying which files the templates came from."""

    def __init__(self, inner: BaseLoader, read: set[str]) -> None:
        self.inner, self.read = inner, read

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if filename and _own(filename):
            self.read.add(filename)
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


class GongshiPlugin(BasePlugin[GongshiConfig]):
    #: what this run is to place (set by the engine on the plugin of the configuration it builds)
    job: Job | None = None

    def on_config(self, config):
        config.theme.dirs[:] = theme_dirs(config)
        if "material/search" in config.plugins or "search" in config.plugins:
            raise PluginError("{path}: plugins: {message}".format(
                path=Path(config.config_file_path).name,
                message=_("remove `- search`: gongshi builds the site search itself (Material's search makes every "
                          "reader download the whole index)")))
        job = self.job = self.job or Job()
        self.site = site = job.site or load_site(Path(config.config_file_path), job.now)
        # what the theme shows of the site's owner (header, footer, 404 page) and its colours
        config.extra["gongshi"] = {"issuer": site.config.issuer, "palette": dict(site.config.palette),
                                   "emblem": EMBLEM if site.config.issuer and site.config.issuer.emblem else None}
        if site.problems.errors:
            raise PluginError(site.errors_message())
        built = job.built or site_outputs(site, job.now)
        self.pages, self.files, self.decorations = built.pages, built.files, built.decorations
        self.held = built.held
        self.stamped = [p for p in self.pages if p.stamped]
        self.by_uri: dict[str, PageOut] = {p.src_uri: p for p in self.pages if not p.stamped}
        self.shell_uris = sorted({shell_uri(p) for p in self.stamped})
        #: pages (their HTML paths) the search index holds
        self.indexed = [p.dest for p in self.stamped if p.searchable]
        return config

    def on_env(self, env, config, files):
        env.loader = _Recording(env.loader, self.job.read)
        env.bytecode_cache = _THEME_COMPILED  # a process that runs the engine again (the preview) compiles
        # nothing twice
        return env

    def on_files(self, files: Files, config) -> Files:
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
            if file.src_uri in self.held:
                files.remove(file)  # a story dated later waits for its day: before the blog plugin lists it
            elif is_photo(file.src_uri):
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
        self.job.read.update(f.abs_src_path for f in files if f.abs_src_path and _own(f.abs_src_path))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        if uri.startswith(SHELL_DIR):
            page.meta.update(title=MARK["title"], description=MARK["description"],
                             gongshi_alternates=MARK["alternates"],
                             gongshi_image=SharedImage(MARK["image"], MARK["image_width"], MARK["image_height"],
                                                       MARK["image_alt"])
                             if uri.startswith(f"{SHELL_DIR}-image") else None)
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
            if deco.excerpt:
                page.meta["gongshi_excerpt"] = deco.excerpt
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
        if not page.toc.items:
            # no headings to list: no empty column on the right
            page.meta["hide"] = [*page.meta.get("hide", []), "toc"]
        if "title" not in page.meta and page.title and not page.is_homepage:
            # Material writes a title that front matter does not give as {{ page.title | striptags }}, which
            # decodes character references (a heading's, a category's) back into markup: give it the text, escaped
            page.meta["title"] = str(escape(Markup(page.title).striptags()))
        return context

    def on_post_page(self, output, page, config):
        if page.file.src_uri.startswith(SHELL_DIR):
            self.job.shells[page.file.src_uri] = zh_cn(output)
        elif "data-search-body" in output:
            self.indexed.append(page.file.dest_uri)
        return zh_cn(output)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "sitemap.xml":
            return sitemap(output_content, [config.site_url + p.src_uri.removesuffix("index.md")
                                             for p in self.stamped if p.listed])
        return zh_cn(output_content)

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        for uri in self.shell_uris:
            shutil.rmtree(site_dir / uri.split("/")[0], ignore_errors=True)
        shells = self.job.shells

        def write(page: PageOut) -> None:
            uri = shell_uri(page)
            target = site_dir / page.dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(stamp(shells[uri], uri, page), encoding="utf-8")
        parallel.each(write, self.stamped)
        try:
            self.job.index = search.index_site(site_dir, sorted(self.indexed), self.site.config.cache_dir)
        except (RuntimeError, OSError) as error:
            raise PluginError(str(error)) from error


def _site_path(file: File, config) -> str:
    """Where a file of the engine was written, relative to the site (``content/index.md``)."""
    root = Path(config.config_file_path).resolve().parent
    if file.abs_src_path and (path := Path(file.abs_src_path).resolve()).is_relative_to(root):
        return path.relative_to(root).as_posix()
    return file.src_uri
