"""Audit of a built site for private data: what the privacy split promises, checked on the output.

Every file is decoded before matching, the way a reader or a crawler would
see it: gzip, JSON ``\\uXXXX`` escapes (the search index stores Chinese that
way), HTML entities and URL-encoding; then each text is folded into the one
form `gongshi check` matches too (:func:`generator.records.folding.fold`: digits of every
script, full-width and other compatibility forms, invisible characters such as
the zero-width spaces of the search segmentation, separators inside numbers).
Images of every type (by name or by their first bytes: a camera's .jfif, .tif or
.heic too) are checked for any metadata at all, and zip containers (.xlsx, .docx,
.zip) are read inside. It finds:

* every private value of the current records (of at least
  :data:`~generator.records.leaks.MIN_PRIVATE_LENGTH` characters);
* anything shaped like a resident ID number with a valid GB 11643 check digit;
* mainland mobile numbers, except those published on purpose as objection
  channels.

Findings never repeat a private value in full: they show a masked form. The
private values are matched with one Aho–Corasick automaton, so the cost grows
with the size of the site, not with sites × values.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import html
import io
import json
import logging
import os
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from PIL import Image

from generator.base import parallel
from generator.base.i18n import _
from generator.records.folding import folded_value, forms
from generator.records.leaks import (ID_NUMBER, MIN_PRIVATE_LENGTH, MOBILE_NUMBER, PrivateValues, number_digits,
                                     numbers, valid_id_number)
from generator.model.public import Records
from generator.media.photos import is_image

log = logging.getLogger("gongshi.audit")

__all__ = ["ID_NUMBER", "IMAGE_METADATA", "MIN_PRIVATE_LENGTH", "MOBILE_NUMBER", "PRIVATE_VALUE", "Finding",
           "audit_site", "decoded_views", "image_metadata", "mask", "published_numbers", "site_files",
           "valid_id_number", "walk_files"]

_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_TAG = re.compile(r"<[^<>]*>")
#: a few files as large as this together (the feeds) are read on every core
HEAVY_BYTES = 4_000_000

# What a finding is: its ``kind``, in English (callers compare it); kind_name() is what a reader is shown.
PRIVATE_VALUE = "private value"
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


def mask(value: str) -> str:
    return value[:3] + "*" * max(len(value) - 5, 3) + value[-2:] if len(value) > 6 else "*" * len(value)


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
        out.append(view)
    yield from dict.fromkeys(out)


#: what Pillow raises on an image it cannot read: an unknown type, or bytes its parsers stumble on
_UNREADABLE = (OSError, EOFError, ValueError, TypeError, SyntaxError, IndexError, KeyError, ZeroDivisionError,
               struct.error, Image.DecompressionBombError)
#: metadata blocks as their bytes start, for images Pillow cannot open (HEIC, AVIF, camera raw files)
_RAW_METADATA = ((b"Exif", "exif"), (b"adobe:ns:meta", "xmp"), (b"http://ns.adobe.com/xap/1.0/", "xmp"),
                 (b"8BIM", "photoshop"))


def image_metadata(data: bytes) -> list[str]:
    """Names of metadata blocks an image of any type carries (our outputs carry none)."""
    try:
        im = Image.open(io.BytesIO(data))
        found = [key for key in ("exif", "xmp", "comment", "icc_profile", "photoshop") if im.info.get(key)]
        found += [f"text:{k}" for k in getattr(im, "text", {}) or {}]
        if im.getexif():
            found.append("exif")
    except _UNREADABLE:
        # a type Pillow does not read (HEIC, AVIF) or a damaged file: its metadata is looked for in its bytes
        return sorted({name for marker, name in _RAW_METADATA if marker in data})
    found += [marker for marker, _ in getattr(im, "applist", []) if marker in ("APP1", "APP13")]
    return sorted(set(found))


#: zip containers (.xlsx, .docx, .odt, .zip …) are read inside, this deep (a zip in a zip), and within bounds
#: (a zip bomb is not unpacked whole): this many bytes at most from each member and from all members of one
#: archive together, this many members at most
ZIP_DEPTH = 2
ZIP_MEMBER_BYTES = 64_000_000
ZIP_TOTAL_BYTES = 256_000_000
ZIP_MEMBERS = 10_000


def zip_members(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each file inside a zip container (nothing for any other file), within the bounds
    above."""
    if not data.startswith(b"PK\x03\x04"):
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:  # zip-like bytes that are no archive: read as they are, like any other file
        return
    budget = ZIP_TOTAL_BYTES
    with archive:
        for info in archive.infolist()[:ZIP_MEMBERS]:
            if info.is_dir() or budget <= 0:
                continue
            try:
                with archive.open(info) as member:
                    content = member.read(min(ZIP_MEMBER_BYTES, budget))
                budget -= len(content)
                yield info.filename, content
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as e:
                # encrypted, an unknown compression or damaged: its stored bytes are scanned with the archive's
                log.warning(_("{name} in a zip file cannot be read ({error}); its bytes are audited as they "
                              "are").format(name=info.filename, error=e))


def audit_site(site_dir: Path, private_values: Iterable[str], records: Records | None,
               only: Iterable[str] | None = None) -> list[Finding]:
    """Scan every file of a built site (or ``only`` those, relative paths); return every finding, sorted.

    Files are read on every core (they are independent)."""
    values = {f for v in private_values if len(f := folded_value(v)) >= MIN_PRIVATE_LENGTH}
    matcher = PrivateValues(values)
    value_digits = {d for v in values if len(d := number_digits(v)) >= 11}
    published = published_numbers(records)

    #: the findings in each member of a zip already read by this process, by its name, depth and bytes, with
    #: paths inside it: the parts every Word file shares (its styles) are read once, not once per file
    members: dict[tuple[str, int, bytes], list[Finding]] = {}

    def scan_member(name: str, member: bytes, depth: int) -> list[Finding]:
        key = (name, depth, hashlib.sha256(member).digest())
        if key not in members:
            members[key] = scan_data(name, member, depth, inside=True)
        return members[key]

    def scan_data(rel: str, data: bytes, depth: int = 0, inside: bool = False) -> list[Finding]:
        found: list[Finding] = []
        image = is_image(rel, data)
        if image:
            found += [Finding(rel, 0, IMAGE_METADATA, block) for block in image_metadata(data)]
        if depth < ZIP_DEPTH:
            for name, member in zip_members(data):
                found += [dataclasses.replace(f, path=f"{rel}!{f.path}") for f in scan_member(name, member, depth + 1)]
        for text in decoded_views(data, rel, raw_only=image):
            found += matches(rel, text)
        if not image and (inside or "!" in rel) and rel.endswith(".xml"):
            # a member of a .docx or .xlsx: Word and Excel split a text into runs (<w:t>, <t>) wherever its
            # formatting changes, so values are also looked for in the text without its tags; only those not
            # found above (the offsets are the tagless text's)
            seen = {(f.kind, f.shown) for f in found}
            tagless = _TAG.sub("", data.decode("utf-8", errors="replace")).encode()
            for text in decoded_views(tagless, rel):
                found += [f for f in matches(rel, text) if (f.kind, f.shown) not in seen]
        return found

    def matches(rel: str, text: str) -> list[Finding]:
        found: list[Finding] = []
        plain, joined = forms(text)  # the forms check matches too (generator.records.folding)
        for start, value in matcher.find(joined.text):  # in any case: a template or a script may change it
            found.append(Finding(rel, joined.origin(start), PRIVATE_VALUE, mask(value)))
        for number in numbers(plain.text):
            if number.kind == ID_NUMBER:
                found.append(Finding(rel, plain.origin(number.start), ID_NUMBER, mask(number.digits)))
            elif number.digits not in published:
                kind = PRIVATE_VALUE if number.digits in value_digits else MOBILE_NUMBER
                found.append(Finding(rel, plain.origin(number.start), kind, mask(number.digits)))
        return found

    def scan(rel: str) -> list[Finding]:
        return scan_data(rel, (site_dir / rel).read_bytes())

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


def published_numbers(records: Records | None) -> set[str]:
    """Numbers published on purpose: the objection channels."""
    if records is None:
        return set()
    found = set()
    channels = [ch for n in records.notices.values() for ch in n.channels]
    channels += [ch for c in records.campaigns.values() for ch in c.default_channels]
    for ch in channels:
        for phone in [*ch.phones, ch.fax, *(c.phone for c in ch.contacts)]:
            if phone:
                found.add(number_digits(phone))
    return found
