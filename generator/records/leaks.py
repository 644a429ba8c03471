"""Private data in public text: the one matcher for `gongshi check` and `gongshi audit`.

Texts and private values are compared in the one form of :mod:`generator.records.folding`. :func:`numbers`
finds resident ID numbers (GB 11643 check digit) and mainland mobile numbers written in groups;
:class:`PrivateValues` finds every private value in one pass; :func:`check_public_text` is the search of
`gongshi check` through the records and the Markdown pages.

What is matched where (the rule is also in the README, section Security):

* a private value of at least :data:`MIN_PRIVATE_LENGTH` characters (after folding) is matched anywhere, in
  every public text of every record and Markdown page, and by the audit in every file of the built site (one
  of digits only, shorter than :data:`SHORT_NUMBER`, as a number of its own);
* a shorter one of at least :data:`MIN_SHORT_LENGTH` characters (``有处分``, ``幸福里7栋``) is matched by
  `check` only in the public fields of its own nominee, and only as a phrase of its own: the whole field, or
  set off on both sides by the start or end of the text, a space or a punctuation mark. ``没有处分`` or
  ``幸福里7栋楼下`` are ordinary text and are not matched; shorter values (``是``) never are;
* the values of :data:`generator.privacy.UNMATCHED_FIELDS` are facts published on purpose elsewhere (the
  honours a nominee already holds are in the brief deeds) or a yes/no, and are never matched.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import ahocorasick

from generator.records.contacts import ascii_digits
from generator.base.errors import Problems
from generator.base.i18n import _
from generator.model.private import PRIVATE_FIELDS, UNMATCHED_FIELDS
from generator.records.folding import SEPARATOR, folded_value, forms

MIN_PRIVATE_LENGTH = 6  # matched anywhere: shorter private values (e.g. "是") would match ordinary text
MIN_SHORT_LENGTH = 3  # matched as a phrase of its own in its nominee's fields


# ---------------------------------------------------------------- numbers

ID_NUMBER = "ID number"
MOBILE_NUMBER = "mobile number"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
#: a number written in groups: digits, then groups after up to four separators, an ID number's X last
_CHAIN = re.compile(f"(?<![0-9])[0-9]{{3,}}(?:[{SEPARATOR}]{{1,4}}[0-9]+)*(?:[{SEPARATOR}]{{0,4}}[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile(r"[0-9]+|[Xx]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def valid_id_number(text: str) -> bool:
    """GB 11643-1999: the 18th character is the check digit of the first 17."""
    body, check = text[:17], text[17].upper()
    return body.isdigit() and _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11] == check


def _plausible_birth(digits: str) -> bool:
    """Whether an ID number's digits 7 to 14 are a day of birth (YYYYMMDD) since 1900."""
    try:
        return date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])).year >= 1900
    except ValueError:
        return False


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    kind: str  # ID_NUMBER or MOBILE_NUMBER
    digits: str  # the number without separators, an ID number's x upper-cased


#: how a number may be written in groups (the digits of each group; an ID number's X counts with the group
#: before it), with one separator throughout. Any other grouping would find numbers in every run of figures
#: (an SVG path is ``1.35 9 3.54 2.36-2.19``); private values are matched whatever their grouping.
LAYOUTS = {ID_NUMBER: {(18,), (6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2), (6, 12)},
           MOBILE_NUMBER: {(11,), (3, 4, 4), (3, 8), (7, 4)}}
#: how long the first group of a number may be (17: an ID number's digits before its X)
_FIRST = {layout[0] for layouts in LAYOUTS.values() for layout in layouts} | {17}


def numbers(text: str) -> Iterator[Number]:
    """Resident ID numbers with a valid check digit and mainland mobile numbers in ``text`` (folded without
    joining, see :func:`generator.records.folding.forms`), written as one run of digits or in groups (see
    :data:`LAYOUTS`); a number is never part of a longer run of digits. An ID number of several groups must
    also hold a birth date."""
    for chain in _CHAIN.finditer(text):
        if len(chain.group()) < 11:
            continue
        groups = list(_GROUP.finditer(text, chain.start(), chain.end()))
        i = 0
        while i < len(groups):
            found = _number_at(text, groups, i) if len(groups[i].group()) in _FIRST else None
            if found is None:
                i += 1
                continue
            j, kind, digits = found
            if not _in_digest(text, groups[i].start(), groups[j].end()):
                yield Number(groups[i].start(), groups[j].end(), kind, digits)
            i = j + 1


#: a digest as gongshi writes them in addresses and versions: lower-case hexadecimal, 16 characters or more
_HEX = re.compile(r"[0-9a-f]*")
DIGEST_LENGTH = 16


def _in_digest(text: str, start: int, end: int) -> bool:
    """Whether the digits from ``start`` to ``end`` are part of a digest (a photo's file name, the search
    index's version): a run of lower-case hexadecimal characters, with letters, of 16 or more. People do not
    write numbers so; a digest's digits would otherwise be taken for a mobile number now and then."""
    left = start
    while left > 0 and text[left - 1] in "0123456789abcdef":
        left -= 1
    run = text[left:_HEX.match(text, end).end()]
    return len(run) >= DIGEST_LENGTH and not run.isdigit() and _HEX.fullmatch(run) is not None


def _number_at(text: str, groups: list[re.Match], i: int) -> tuple[int, str, str] | None:
    """The longest number made of the groups from ``i`` on: (its last group, kind, digits), or None."""
    digits, separators, layout, found = "", set(), [], None
    for j in range(i, min(len(groups), i + 6)):
        part = groups[j].group()
        if j > i:
            between = text[groups[j - 1].end():groups[j].start()]
            if part in "Xx":
                if len(digits) != 17:
                    break
                layout[-1] += 1
            else:
                layout.append(len(part))
            if between or part not in "Xx":
                separators.add(between)
        else:
            if part in "Xx":
                break
            layout.append(len(part))
        digits += part.upper()
        uniform = len(separators) <= 1
        if (len(digits) == 18 and uniform and tuple(layout) in LAYOUTS[ID_NUMBER] and valid_id_number(digits)
                and (j == i or _plausible_birth(digits))):
            return j, ID_NUMBER, digits
        if len(digits) == 11 and uniform and tuple(layout) in LAYOUTS[MOBILE_NUMBER] and _MOBILE.fullmatch(digits):
            found = (j, MOBILE_NUMBER, digits)
        if len(digits) >= 18:
            break
    return found


def number_digits(text: str) -> str:
    """The digits of a phone number, as :func:`numbers` gives them."""
    return re.sub(r"[^0-9]", "", ascii_digits(text))


# ---------------------------------------------------------------- private values

#: a private value with at most this many letters is matched in each of its case forms (2 ** n)
_CASE_FORMS = 3
#: a private value of digits only shorter than this is matched as a number of its own
SHORT_NUMBER = 11


class PrivateValues:
    """Every private value (folded) found in one pass over a folded text, whatever the case of its letters.

    A value with a few ASCII letters (an ID number's X) is matched in each of its case forms; lowering a
    whole text, needed only for the others, is slow."""

    def __init__(self, values: Iterable[str]) -> None:
        forms, lowered = ahocorasick.Automaton(), ahocorasick.Automaton()
        for value in sorted(set(values)):
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
        self._automata = []
        for automaton, lower in ((forms, False), (lowered, True)):
            if len(automaton):
                automaton.make_automaton()
                self._automata.append((automaton, lower))

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """(start in ``text``, value) of every private value in the folded ``text``. A value of fewer digits
        than a phone number and nothing else (a birth date, 19900101) is not found inside a longer run of
        digits (a landline 0755-19900101 is folded as 075519900101)."""
        for automaton, lower in self._automata:
            for end, value in automaton.iter(text.lower() if lower else text):
                start = end - len(value) + 1
                if len(value) < SHORT_NUMBER and value.isdigit() and (
                        text[start - 1:start].isdigit() or text[end + 1:end + 2].isdigit()):
                    continue
                yield start, value


def phrase(value: str, text: str) -> bool:
    """Whether the folded short ``value`` stands in the folded ``text`` as a phrase of its own: not touched on
    either side by a letter, a digit or a Chinese character."""
    return re.search(f"(?<!\\w){re.escape(value.lower())}(?!\\w)", text.lower()) is not None


# ---------------------------------------------------------------- `gongshi check`: the records' public text

#: the fields of a channel that are published as contacts: a private value there is a contact given by mistake
_CHANNEL_CONTACT = re.compile(r"^(?:default_)?channels\[\d+\]\.(?:phones\[\d+\]|fax|email|contacts\[\d+\]\.phone)$")
_NOMINEE = re.compile(r"^nominees\[(\d+)\]\.")


@dataclass(frozen=True)
class Owner:
    """Whose private value it is, to say so without repeating the value."""

    notice: str
    nominee: str
    key: str  # the private field
    path: str
    line: int

    @property
    def who(self) -> str:
        return f"{self.notice}/{self.nominee}"

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"


def folded_texts(rec: Any) -> tuple[tuple[str, int, str, str, tuple[tuple[str, str], ...]], ...]:
    """(field path, line, text, its joined form, the numbers of its plain form as (kind, digits)) of every
    public text of a record: what :func:`check_public_text` matches, which depends on the record alone."""
    out = []
    for where, line, text in public_texts(rec):
        plain, joined = forms(text)
        out.append((where, line, text, joined.text, tuple((n.kind, n.digits) for n in numbers(plain.text))))
    return tuple(out)


def public_texts(rec: Any, where: str = "") -> Iterator[tuple[str, int, str]]:
    """(field path, line, text) of every text of a converted record but what is under ``private:``."""
    for key, value in rec.items():
        if key == "private":
            continue
        path = f"{where}.{key}" if where else key
        line = rec.line_of(key)
        items = list(enumerate(value, 1)) if isinstance(value, list) else [(0, value)]
        for i, item in items:
            at = f"{path}[{i}]" if i else path
            if isinstance(item, str):
                yield at, line, item
            elif isinstance(item, dict) and hasattr(item, "line_of"):
                yield from public_texts(item, at)


@functools.lru_cache(maxsize=2)
def _matcher(values: frozenset[str]) -> PrivateValues:
    """The matcher of these values, kept: a process that checks the records again after an edit that changed
    no private value (``gongshi serve``) does not build it again."""
    return PrivateValues(values)


def check_public_text(files: Iterable[Any], problems: Problems, pages: Mapping[str, str] | None = None) -> None:
    """Report every public text of the records (``RecordFile`` objects) and every line of the Markdown
    ``pages`` (their text by path) that holds a private value of any nominee, a resident ID number or a
    mobile number that no objection channel publishes, at its line. The rule for short values is in the
    module's docstring (they are looked for in the records only, where their nominee is known)."""
    files = list(files)
    owners: dict[str, list[Owner]] = {}
    short: dict[tuple[str, int], list[tuple[str, Owner]]] = {}
    published: set[str] = set()
    texts: dict[str, list[tuple[str, int, str]]] = {}
    for f in files:
        for i, nom in enumerate(f.rec.get("nominees", []) if f.kind == "notice" else [], 1):
            private = nom.get("private") or {}
            for key, value in private.items():
                if key in UNMATCHED_FIELDS or value in (None, ""):
                    continue
                owner = Owner(f.rec.get("id", ""), nom.get("id", f"nominees[{i}]"), key, f.path, private.line_of(key))
                folded = folded_value(str(value))
                if len(folded) >= MIN_PRIVATE_LENGTH:
                    owners.setdefault(folded, []).append(owner)
                elif len(folded) >= MIN_SHORT_LENGTH:
                    short.setdefault((f.path, i), []).append((folded, owner))
        texts[f.path] = f.public or folded_texts(f.rec)
        published |= {number_digits(text) for where, _line, text, *_ in texts[f.path] if _CHANNEL_CONTACT.match(where)}
    matcher = _matcher(frozenset(owners))
    by_digits = {number_digits(v) for v in owners if len(number_digits(v)) >= 11}

    def check(path: str, line: int, where: str, joined: str, found: Iterable[tuple[str, str]],
              own: list[tuple[str, Owner]]) -> None:
        said = set()
        for _start, value in matcher.find(joined):
            if value not in said:
                said.add(value)
                owner = owners[value][0]
                problems.add(path, line, where, _channel_contact(owner) if _CHANNEL_CONTACT.match(where)
                             else _private_value(owner))
        for value, owner in own:
            if value not in said and phrase(value, joined):
                said.add(value)
                problems.add(path, line, where, _private_value(owner))
        for kind, digits in found:
            if digits in by_digits or digits in published:
                continue  # a private value, said above; or a channel's number
            if kind == ID_NUMBER:
                problems.add(path, line, where, _("this text holds a resident ID number; delete it: ID numbers are "
                                                  "never published"))
            else:
                problems.add(path, line, where, _(
                    "this text holds a mobile number that is not an objection channel; delete it, or, if it is the "
                    "number of a receiving office, give it under that office in `channels:`"))

    for f in files:
        for where, line, _text, joined, found in texts[f.path]:
            nominee = _NOMINEE.match(where)
            check(f.path, line, where, joined, found, short.get((f.path, int(nominee[1])), []) if nominee else [])
    for path, text in sorted((pages or {}).items()):
        for number, line in enumerate(text.split("\n"), 1):
            plain, joined = forms(line)
            check(path, number, "(markdown)", joined.text, ((n.kind, n.digits) for n in numbers(plain.text)), [])


def _field_name(key: str) -> str:
    return _(PRIVATE_FIELDS[key]) if key in PRIVATE_FIELDS else key


def _private_value(owner: Owner) -> str:
    return _("this text holds a private value of nominee {nominee} ({field}, `private.{key}`, {place}); delete it "
             "here: what is under `private:` is never published").format(field=_field_name(owner.key), nominee=owner.who,
                                                            key=owner.key, place=owner.place)


def _channel_contact(owner: Owner) -> str:
    return _("this is also a private value of nominee {nominee} ({field}, `private.{key}`, {place}), and what a "
             "channel gives is published: if it belongs to the receiving office, delete it from that nominee's "
             "`private:`; if it is the nominee's own, give the office's own here instead").format(
        field=_field_name(owner.key), nominee=owner.who, key=owner.key, place=owner.place)
