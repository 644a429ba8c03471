"""What `gongshi serve` shows in the browser while the records have errors: every problem, as `check`
prints it, on a page that the preview replaces by the site as soon as the files are fixed."""

from __future__ import annotations

import logging
import re

from markupsafe import escape

from generator.base.errors import Problems
from generator.base.i18n import N_, _, language

_STYLE = ("body{font:18px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
          "h1{color:#a00;font-size:1.6rem}li{margin:.4rem 0;font-family:ui-monospace,monospace;font-size:1rem;"
          "overflow-wrap:anywhere}.warning{color:#6b4e00}")


def problems_page(problems: Problems) -> str:
    """A whole HTML page listing ``problems`` (every text escaped)."""
    errors = problems.count("error")
    items = "".join(f'<li class="{escape(p.severity)}">{escape(str(p))}</li>' for p in problems.sorted())
    lang = "zh-CN" if language() == "zh" else "en"
    title = _("The records have {errors} error(s): the preview shows the site again once they are fixed").format(
        errors=errors)
    hint = _("Fix each problem below in its file (path:line) and save it: this page reloads by itself. "
             "The same list is printed by gongshi check.")
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body><main><h1>{escape(title)}</h1><p>{escape(hint)}</p><ol>{items}</ol></main></body></html>\n")


#: what the preview server says as it works (MkDocs' own words), in the current language; the lines of
#: MkDocs not listed here are shown as they are
SERVER_SAYS = (
    (re.compile(r"Building documentation\.\.\."), N_("building the site...")),
    (re.compile(r"Cleaning site directory"), None),
    (re.compile(r"Documentation built in (?P<seconds>[\d.]+) seconds"), N_("built in {seconds} s")),
    (re.compile(r"Watching paths for changes: (?P<paths>.*)"), N_("watching for changes: {paths}")),
    (re.compile(r"Serving on (?P<url>\S+)$"), N_("the preview is at {url} (Ctrl+C stops it)")),
    (re.compile(r"Detected file changes"), N_("files changed")),
    (re.compile(r"Reloading browsers"), N_("reloading the open pages")),
    (re.compile(r"Shutting down\.\.\."), N_("stopping the preview...")),
    (re.compile(r"Browser connected: (?P<url>.*)"), N_("a browser opened {url}")),
    # while the records have errors, the site has no pages for the navigation: the error page says why
    (re.compile(r"A reference to '.*' is included in the 'nav' configuration"), None),
)


class ServerWords(logging.Filter):
    """Puts the preview server's messages into the current language (or drops the ones of no use)."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        for pattern, message in SERVER_SAYS:
            found = pattern.search(text)
            if found:
                if message is None:
                    return False
                record.msg, record.args = _(message).format(**found.groupdict()), ()
                return True
        return True
