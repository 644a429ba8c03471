"""What `gongshi serve` shows in the browser while the records have errors: every problem, as `check`
prints it, on a page that the preview replaces by the site as soon as the files are fixed."""

from __future__ import annotations

from markupsafe import escape

from generator.base.errors import Problems
from generator.base.i18n import _, language

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
