"""Audit of a built site for private data: what the privacy split promises, checked on the output.

Every file is decoded before matching, the way a reader or a crawler would
see it: gzip, JSON ``\\uXXXX`` escapes (the search index stores Chinese that
way), HTML entities, URL-encoding, full-width digits (NFKC) and the
zero-width spaces of the search segmentation. Images are also checked for
any metadata at all. It finds:

* every private value of the current records;
* anything shaped like a resident ID number with a valid GB 11643 check digit;
* mainland mobile numbers, except those published on purpose as objection
  channels.

Findings never repeat a private value in full: they show a masked form. The
private values are matched with one Aho–Corasick automaton, so the cost grows
with the size of the site, not with sites × values.
"""

from __future__ import annotations

import gzip
import html
import io
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import ahocorasick
from PIL import Image

from . import parallel
from .i18n import _
from .model import Records

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
#: resident ID numbers and mainland mobile numbers not inside a longer number, in one pass over the text
#: (a digit first and the look-behind after it: the engine then skips non-digits fast)
_NUMBER = re.compile(r"\d(?<!\d\d)(?:(?P<id>\d{16}[\dXx](?![\dXx]))|(?<=1)[3-9]\d(?:[- ]?\d{4}){2}(?!\d))")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
#: blocks whose characters NFKC turns into ASCII digits or letters: superscripts and subscripts, Roman
#: numerals, circled and parenthesised numbers, squared units, full-width digits and letters,
#: mathematical and enclosed alphanumerics. Chinese text is full of full-width punctuation, which does
#: not matter here, so most texts skip NFKC (the slowest step of the audit).
_COMPATIBLE = re.compile("[\u00b2\u00b3\u00b9\u2070-\u209f\u2160-\u2188\u2460-\u24ff\u3300-\u33ff"
                         "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff]")
#: a private value with at most this many letters is matched in each of its case forms (2 ** n)
_CASE_FORMS = 3
MIN_PRIVATE_LENGTH = 6  # shorter private values (e.g. "是") would match ordinary text
#: a few files as large as this together (the feeds) are read on every core
HEAVY_BYTES = 4_000_000

# What a finding is: its ``kind``, in English (callers compare it); kind_name() is what a reader is shown.
PRIVATE_VALUE = "private value"
ID_NUMBER = "ID number"
MOBILE_NUMBER = "mobile number"
IMAGE_METADATA = "image metadata"


def kind_name(kind: str) -> str:
    """A finding's kind in the language of messages."""
    return {PRIVATE_VALUE: _("private value"), ID_NUMBER: _("ID number"), MOBILE_NUMBER: _("mobile number"),
            IMAGE_METADATA: _("image metadata")}[kind]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    position: int  # character offset in the decoded text (0 for image metadata)
    kind: str  # one of the kinds above
    shown: str  # masked

    def __str__(self) -> str:
        """``path:position: kind: masked value``, the kind in the language of messages."""
        return f"{self.path}:{self.position}: {kind_name(self.kind)}: {self.shown}"


def valid_id_number(text: str) -> bool:
    """GB 11643-1999: the 18th character is the check digit of the first 17."""
    body, check = text[:17], text[17].upper()
    return body.isdigit() and _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11] == check


def mask(value: str) -> str:
    return value[:3] + "*" * max(len(value) - 5, 3) + value[-2:] if len(value) > 6 else "*" * len(value)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def decoded_views(data: bytes, name: str, raw_only: bool = False) -> Iterator[str]:
    """The texts a file can be read as, after every decoding we know of (``raw_only``: the bytes as text,
    for images, whose bytes are not text but could carry some after the picture)."""
    if raw_only:
        yield data.decode("utf-8", errors="replace")
        return
    if data[:2] == b"\x1f\x8b":  # gzip whatever the name: sitemap.xml.gz, the search index's parts
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    text = data.decode("utf-8", errors="replace")
    views = [text]
    # JSON can hide a value only behind escapes (\u4e2d, \/, \"): without a backslash the text is the view
    if "\\" in text and (name.endswith((".json", ".gz")) or text.lstrip().startswith(("{", "["))):
        try:
            views.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            views.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    out = []
    for view in views:
        if "&" in view:
            view = html.unescape(html.unescape(view))
        if _PERCENT.search(view):
            view = unquote(view)
        if _COMPATIBLE.search(view):  # full-width or other compatibility forms of letters and digits
            view = unicodedata.normalize("NFKC", view)
        out.append(view.replace("\u200b", "").replace("\u00ad", ""))
    yield from dict.fromkeys(out)


def image_metadata(data: bytes) -> list[str]:
    """Names of metadata blocks an image carries (our outputs carry none)."""
    try:
        im = Image.open(io.BytesIO(data))
    except Exception:  # not decodable: the raw bytes are still scanned as text
        return []
    found = [key for key in ("exif", "xmp", "comment", "icc_profile", "photoshop") if im.info.get(key)]
    found += [f"text:{k}" for k in getattr(im, "text", {}) or {}]
    if im.getexif():
        found.append("exif")
    found += [marker for marker, _ in getattr(im, "applist", []) if marker in ("APP1", "APP13")]
    return sorted(set(found))


def audit_site(site_dir: Path, private_values: Iterable[str], records: Records | None,
               only: Iterable[str] | None = None) -> list[Finding]:
    """Scan every file of a built site (or ``only`` those, relative paths); return every finding, sorted.

    Files are read on every core (they are independent)."""
    values = sorted({v.strip() for v in private_values if len(v.strip()) >= MIN_PRIVATE_LENGTH})
    matchers = _matchers(values)
    value_digits = {d for v in values if len(v) >= 11 and len(d := v if v.isdigit() else _digits(v)) >= 11}
    published = published_numbers(records)

    def scan(rel: str) -> list[Finding]:
        found: list[Finding] = []
        data = (site_dir / rel).read_bytes()
        image = Path(rel).suffix.lower() in IMAGE_SUFFIXES
        if image:
            found += [Finding(rel, 0, IMAGE_METADATA, block) for block in image_metadata(data)]
        for text in decoded_views(data, rel, raw_only=image):
            for automaton, lower in matchers:  # in any case: a template or a script may change it
                for end, value in automaton.iter(text.lower() if lower else text):
                    found.append(Finding(rel, end - len(value) + 1, PRIVATE_VALUE, mask(value)))
            for m in _NUMBER.finditer(text):
                if m.group("id"):
                    if valid_id_number(m.group()):
                        found.append(Finding(rel, m.start(), ID_NUMBER, mask(m.group())))
                elif (digits := _digits(m.group())) not in published:
                    kind = PRIVATE_VALUE if digits in value_digits else MOBILE_NUMBER
                    found.append(Finding(rel, m.start(), kind, mask(digits)))
        return found

    files = site_files(site_dir) if only is None else sorted(only)
    heavy = only is not None and sum((site_dir / rel).stat().st_size for rel in files) > HEAVY_BYTES
    return sorted({f for found in parallel.each(scan, files, heavy) for f in found})


def walk_files(root: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry of a tree that is not a folder, with its path relative to ``root`` (in no order). Each
    folder is listed whole before its entries are given, so the caller may add files beside them."""
    def walk(directory: str, rel: str) -> Iterator[tuple[str, os.DirEntry]]:
        with os.scandir(directory) as listing:
            entries = list(listing)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path, f"{rel}{entry.name}/")
            else:
                yield f"{rel}{entry.name}", entry
    return walk(str(root), "")


def site_files(site_dir: Path) -> list[str]:
    """Every file of a built site, relative to it, sorted."""
    return sorted(rel for rel, entry in walk_files(site_dir) if entry.is_file())


def _matchers(values: list[str]) -> list[tuple[ahocorasick.Automaton, bool]]:
    """Automatons that find every private value whatever the case of its letters, in one pass each, with
    whether the text must be lower-cased first. A value with a few ASCII letters (an ID number's X) is
    matched in each of its case forms; lowering a whole text, needed only for the others, is slow."""
    forms, lowered = ahocorasick.Automaton(), ahocorasick.Automaton()
    for value in values:
        if value.lower() == value.upper():  # no letters with a case (digits, Chinese): the usual value
            forms.add_word(value, value)
            continue
        cased = [i for i, ch in enumerate(value) if ch.lower() != ch.upper()]
        if len(cased) <= _CASE_FORMS and all(value[i].isascii() for i in cased):
            for letters in itertools.product(*((value[i].lower(), value[i].upper()) for i in cased)):
                form = list(value)
                for i, letter in zip(cased, letters):
                    form[i] = letter
                forms.add_word("".join(form), value)
        else:
            lowered.add_word(value.lower(), value)
    found = []
    for automaton, lower in ((forms, False), (lowered, True)):
        if len(automaton):
            automaton.make_automaton()
            found.append((automaton, lower))
    return found


def published_numbers(records: Records | None) -> set[str]:
    """Numbers published on purpose: the objection channels."""
    if records is None:
        return set()
    numbers = set()
    channels = [ch for n in records.notices.values() for ch in n.channels]
    channels += [ch for c in records.campaigns.values() for ch in c.default_channels]
    for ch in channels:
        for phone in [*ch.phones, ch.fax, *(c.phone for c in ch.contacts)]:
            if phone:
                numbers.add(_digits(phone))
    return numbers
