"""The preview server of ``gongshi serve``: answers from the folder of a :class:`~generator.output.preview.Preview`
on this computer, watches the site's files (watchfiles: the kernel's notifications, no polling) and reloads the
open pages once an update is done.

The reload script is added to each HTML page as it is answered, never written into a file: a page of the
preview is the page of ``gongshi build`` plus :func:`reload_script`. The script listens to the server's
events (Server-Sent Events) and reloads the page when the site it shows is no longer the current one.
"""

from __future__ import annotations

import hashlib
import http.server
import logging
import mimetypes
import posixpath
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from pathlib import Path

import watchfiles

from generator.base.errors import BuildError
from generator.base.i18n import N_, _, ngettext
from generator.output.preview import Preview, Update

log = logging.getLogger("gongshi")

#: where the browsers wait for the next update (no page of a site starts with "-gongshi")
EVENTS = "/-gongshi-preview/events"
#: milliseconds the watcher waits for more changes after one (an editor saving writes several times)
STEP_MS = 15
_SAY = {"full": N_("rebuilt the site in {seconds} s"), "unchanged": N_("nothing to update ({seconds} s)"),
        "problems": N_("the records have errors: the browser shows them ({seconds} s)")}


def reload_script(generation: int) -> str:
    """The script added before ``</body>``: reload when the server's generation is not ``generation``."""
    return (f'<script>(function(){{var g="{generation}",s=new EventSource("{EVENTS}");'
            's.onmessage=function(e){if(e.data!==g){s.close();location.reload();}};})();</script>')


def with_reload(html: bytes, generation: int) -> bytes:
    """An HTML page with the reload script before its last ``</body>`` (at its end if it has none)."""
    script = reload_script(generation).encode()
    at = html.rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


def say(update: Update) -> str:
    """What the console says after an update, in the language of messages."""
    seconds = f"{update.seconds:.2f}"
    if update.mode == "stamped":
        count = len(update.changed)
        return ngettext("updated {count} file in {seconds} s", "updated {count} files in {seconds} s",
                        count).format(count=count, seconds=seconds)
    return _(_SAY[update.mode]).format(seconds=seconds)


class _Handler(http.server.BaseHTTPRequestHandler):
    preview: Preview
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:  # noqa: A002 - the requests are not news
        return

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        path = urllib.parse.urlsplit(self.path).path
        if path == EVENTS:
            return self._events()
        preview = self.preview
        generation, root, problems = preview.generation, preview.root, preview.problems
        file = _file_of(root, urllib.parse.unquote(path)) if root is not None else None
        if file is not None and file.is_dir():
            if not path.endswith("/"):
                return self._answer(301, b"", "text/plain", {"Location": path + "/"})
            file = file / "index.html"
        html = file is None or file.suffix == ".html" or not file.is_file()
        if problems is not None and html:
            return self._answer(200, with_reload(problems.encode(), generation), "text/html; charset=utf-8")
        if file is None or not file.is_file():
            missing = root / "404.html" if root is not None else None
            body = missing.read_bytes() if missing is not None and missing.is_file() else b"<!doctype html><h1>404</h1>"
            return self._answer(404, with_reload(body, generation), "text/html; charset=utf-8")
        data = file.read_bytes()
        if file.suffix == ".html":
            return self._answer(200, with_reload(data, generation), "text/html; charset=utf-8")
        # the browser keeps the theme's files and asks each time whether they changed (a reload costs no download)
        tag = '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'
        if self.headers.get("If-None-Match") == tag:
            return self._answer(304, b"", "", {"ETag": tag}, cache="no-cache")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return self._answer(200, data, kind + ("; charset=utf-8" if kind.startswith("text/") else ""), {"ETag": tag},
                            cache="no-cache")

    def _answer(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None,
                cache: str = "no-store") -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """The current generation now and each new one as it comes, until the browser goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview, seen = self.preview, None
        self.close_connection = True
        try:
            while True:
                with preview.changed:
                    if seen == preview.generation:
                        preview.changed.wait(15)
                    generation = preview.generation
                message = f"data: {generation}\n\n" if generation != seen else ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def _file_of(root: Path, path: str) -> Path | None:
    """The file of ``root`` at the address ``path``; None for one outside it."""
    parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    return root.joinpath(*parts)


class _Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


class Server:
    """The preview on ``host:port``, answering from ``preview``; :meth:`watch` keeps it up to date."""

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        handler = type("Handler", (_Handler,), {"preview": preview})
        self.preview = preview
        server = _Server6 if ":" in host else http.server.ThreadingHTTPServer
        self.http = server((host, port), handler)
        self.http.daemon_threads = True
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.http.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def start(self) -> None:
        self.thread.start()

    def watch(self, paths: Iterable[Path], ignored: Iterable[Path], report: Callable[[Update], None]) -> None:
        """Update the preview after each change to a file under ``paths`` (not under ``ignored``), until
        :attr:`stop` is set."""
        skip = [Path(p).resolve() for p in ignored]

        def wanted(change: watchfiles.Change, path: str) -> bool:
            resolved = Path(path).resolve()
            return watchfiles.DefaultFilter()(change, path) and not any(resolved.is_relative_to(s) for s in skip)

        roots = sorted({str(Path(p)) for p in paths if Path(p).exists()})
        logging.getLogger("watchfiles").setLevel(logging.WARNING)  # it says "1 change detected" on each save
        for _changes in watchfiles.watch(*roots, watch_filter=wanted, step=STEP_MS, debounce=1000,
                                         stop_event=self.stop, yield_on_timeout=False):
            try:
                report(self.preview.update())
            except BuildError as e:  # the engine refused the site as it is now: the last good one is still served
                log.error(_("the preview still shows the site as it was before this change:\n{error}").format(error=e))

    def close(self) -> None:
        self.stop.set()
        self.http.shutdown()
        self.http.server_close()
        self.preview.close()
