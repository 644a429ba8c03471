"""What the preview server of MkDocs says as it works, in the language of messages."""

from __future__ import annotations

import logging
import re

from generator.base.i18n import N_, _


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
