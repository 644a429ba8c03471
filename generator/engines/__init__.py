"""The engines behind the one door of :mod:`generator.output.engine`; the only package that imports one.

A site names its engine in ``plugins › gongshi › engine`` (``mkdocs``, the default, or ``properdocs``); the
environment variable ``GONGSHI_ENGINE`` names it for one run instead (to try a site, or a test suite, on the
other engine). :func:`build_site` and :func:`serve` are what the command line calls.
"""

from __future__ import annotations

import logging
import os
import signal
from datetime import datetime
from pathlib import Path

from generator.base.errors import Problems
from generator.base.i18n import _
from generator.output import build
from generator.output.preview import Preview
from generator.output.preview_server import Server, say
from generator.records.config import SiteConfig, load_config
from generator.records.loader import Site

log = logging.getLogger("gongshi")


def engine_name(site: SiteConfig) -> str:
    return os.environ.get("GONGSHI_ENGINE") or site.engine


def engine_for(config_file: Path, site: SiteConfig):
    """The engine of the site of ``config_file``, its configuration checked."""
    from generator.engines import mkdocs

    return mkdocs.load_engine(engine_name(site), Path(config_file), site)


def build_site(config_file: Path, out: Path | None = None, now: datetime | None = None,
               site: Site | None = None) -> build.Report:
    """Build the site of ``config_file`` with its engine (see :func:`generator.output.build.build_site`)."""
    site_config = site.config if site is not None else load_config(Path(config_file), Problems())
    return build.build_site(config_file, engine_for(config_file, site_config), out, now, site)


def serve(config_file: Path, site: SiteConfig, dev_addr: str, now: datetime | None) -> None:
    """Preview the site on ``dev_addr`` until stopped (Ctrl+C), brought up to date after each edit (see
    :mod:`generator.output.preview`)."""
    engine = engine_for(config_file, site)
    host, _colon, port = dev_addr.rpartition(":")
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a service manager: the temporary folder is removed too
    preview = Preview(config_file, engine, now)
    server = Server(preview, host.strip("[]"), int(port))
    try:
        log.info(say(preview.update()))
        server.start()
        log.info(_("the preview is at {url} (Ctrl+C stops it)").format(url=server.url))
        watched = [site.path, site.notices_dir, site.docs_dir, *engine.watched]
        server.watch(watched, [engine.site_dir, site.cache_dir], lambda update: log.info(say(update)))
    except KeyboardInterrupt:
        log.info(_("stopping the preview..."))
    finally:
        server.close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
