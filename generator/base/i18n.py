"""Messages in the language of the people who run gongshi: Chinese unless they ask for English.

Every message of the package is written in English in the code, marked with :func:`_` (or
:func:`ngettext`), and translated in the gettext catalog ``locale/zh_CN/LC_MESSAGES/gongshi.po``,
which Babel extracts from the code and compiles when the package is built (``tools/messages.py``,
``setup.py``). The language is, in this order: ``--lang`` of the command line, the site's
``theme.language`` in site_config.yml, the ``LC_ALL``/``LC_MESSAGES``/``LANG`` of the environment,
and Chinese. Only ``zh`` and ``en`` exist; any other language is Chinese.

Placeholders are named (``_("no campaign '{id}'").format(id=...)``) so that a translation may put
them in its own order; a message is never an f-string inside ``_()`` (it could not be looked up).
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "gongshi"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("zh", "en")
#: gettext's name of each language's catalog
CATALOGS = {"zh": "zh_CN"}

_chosen: str | None = None  # --lang
_site: str | None = None  # theme.language of the site being read


def normalize(value: str | None) -> str | None:
    """``zh``/``en`` for a language tag or locale name (``zh_CN.UTF-8``, ``en-GB``, ``zh-Hans``), else None."""
    if not value:
        return None
    head = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    return head if head in LANGUAGES else None


def choose(language: str | None) -> None:
    """The language asked for on the command line (None: not asked)."""
    global _chosen
    _chosen = normalize(language)


def use_site_language(language: str | None) -> None:
    """The language of the site being read (its ``theme.language``)."""
    global _site
    _site = normalize(language)


def reset() -> None:
    """Forget the language asked for and the site's (for a process that runs many commands: tests)."""
    choose(None)
    use_site_language(None)


def _environment() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value.split(".")[0] not in ("C", "POSIX"):
            return normalize(value)
    return None


def language() -> str:
    """The language messages are in now."""
    return _chosen or _site or _environment() or "zh"


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang not in CATALOGS:
        return gettext.NullTranslations()  # the messages are English in the code
    po = LOCALE_DIR / CATALOGS[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if not mo.is_file() or (po.is_file() and po.stat().st_mtime > mo.stat().st_mtime):
        return _compiled_here(po)
    with mo.open("rb") as f:
        return gettext.GNUTranslations(f)


def _compiled_here(po: Path) -> gettext.NullTranslations:
    """The catalog read from its ``.po`` source: for a checkout whose catalog was edited since it was
    installed (an installed package carries the compiled ``.mo``)."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` (Chinese has one form)."""
    return _translations(language()).ngettext(singular, plural, n)


def listing(values) -> str:
    """Items named in a message, separated as the language separates them (、 in Chinese)."""
    return _(", ").join(values)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message
