"""The message catalogs: extract every message marked in the code, bring the translations up to date, and
tell which ones are missing.

    .venv/bin/python tools/messages.py          # extract the messages, bring the .po files up to date
    .venv/bin/python tools/messages.py --check  # exit 1 if a message lacks a translation (also a test)

Translations are written in generator/locale/zh_CN/LC_MESSAGES/gongshi.po; the package build compiles
them (setup.py). Messages are extracted by Babel from the calls _(), ngettext() and N_() in generator/.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
#: fixed, so that the catalog changes only where a message does
_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
_HEADER = "# Messages of gongshi in {language}.\n# Kept with tools/messages.py; compiled when the package is built."
POS = {"zh_CN": PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "gongshi.po"}
_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}")


def extracted() -> Catalog:
    """Every message of the package's code, as Babel finds it."""
    catalog = Catalog(project="gongshi", domain="gongshi", creation_date=_DATE)
    method_map = [("generator/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, keywords={"_": None, "N_": None, "ngettext": (1, 2)}, strip_comment_tags=True):
        if filename.startswith("generator/"):
            catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def problems(template: Catalog, catalog: Catalog) -> list[str]:
    """What is wrong with a translated catalog: messages without translation, placeholders that differ."""
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated is not None else None
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if not strings or (isinstance(strings, tuple) and not all(strings)) or translated.fuzzy:
            found.append(f"no translation: {ids[0]!r}")
            continue
        for text in (strings if isinstance(strings, tuple) else (strings,)):
            if placeholders(text) != placeholders(ids[-1] if isinstance(strings, tuple) else ids[0]):
                found.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    return found


def update() -> None:
    template = extracted()
    for locale, po in POS.items():
        if po.is_file():
            with po.open("rb") as f:
                catalog = read_po(f, locale=locale)
        else:
            catalog = Catalog(locale=locale, project="gongshi", domain="gongshi")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.revision_date = catalog.creation_date = _DATE
        catalog.fuzzy = False
        catalog.version = "1"
        catalog.header_comment = _HEADER.format(language=catalog.locale.english_name)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as f:
            write_po(f, catalog, sort_output=True, no_location=True, width=120, omit_header=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell what is missing; exit 1 if anything is")
    args = parser.parse_args()
    if not args.check:
        update()
    template = extracted()
    status = 0
    for locale, po in POS.items():
        with po.open("rb") as f:
            found = problems(template, read_po(f, locale=locale))
        for line in found:
            print(f"{po.relative_to(ROOT)}: {line}")
        status = status or bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main())
