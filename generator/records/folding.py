"""The one form in which `gongshi check` and `gongshi audit` compare texts and private values.

A value is hidden from a naive search by the way it is written: ``440306 19750203 1236``,
``139.1234.5670``, the 4-4-4-4-2 grouping of a bank form, full-width or Arabic-Indic digits, a zero-width
joiner (U+200D) or a word joiner (U+2060) inside the number. :func:`fold` writes every text, and every
private value, in one form before they are compared: compatibility characters as NFKC makes them, digits of
every script as ASCII digits (:func:`generator.records.contacts.ascii_digits`), invisible characters removed,
and the separators between two digits (spaces, dashes, dots) removed; a :class:`Folded` text finds its way
back to the positions of the original, for the place of a finding.

It is apart from :mod:`generator.records.leaks`, which searches the folded texts for private values and
numbers: how a text may be written is one question, what in it is private another, and both commands, and
every file of the built site, go through this one form.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from generator.records.contacts import ascii_digits

#: characters shown as nothing: format characters, fillers, joiners, variation selectors, tags
_INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
              "\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001d173-\U0001d17a\U000e0000-\U000e01ef")
#: what is written between the groups of a number: spaces, dashes, dots
SEPARATOR = "\\s\\-.\u00b7\u30fb\u2010-\u2015\u2212\ufe58\ufe63\uff0d\uff0e\uff65"
#: blocks whose characters NFKC turns into ASCII digits or letters (superscripts, Roman numerals, circled
#: numbers, squared units, full-width letters, mathematical alphanumerics) or into the common character
#: (Kangxi radicals, CJK compatibility ideographs). Chinese text is full of full-width punctuation, which
#: does not matter here, so that most texts are not normalised (the slowest step of the audit).
_COMPATIBLE = ("\u00b2\u00b3\u00b9\u2070-\u209f\u2160-\u2188\u2460-\u24ff\u2e80-\u2fdf\u3300-\u33ff\uf900-\ufaff"
               "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff\U0001f100-\U0001f1ff"
               "\U0002f800-\U0002fa1f")

_GONE = re.compile(f"[{_INVISIBLE}]+")
_DIGIT = re.compile(r"(?![0-9])\d")  # the fastest test for a digit of another script
_COMPAT = re.compile(f"[{_COMPATIBLE}]")
_JOINED = re.compile(f"([0-9])[{SEPARATOR}{_INVISIBLE}]{{1,4}}(?=[0-9]|[Xx](?![A-Za-z0-9]))")


def _nfkc(m: re.Match) -> str:
    return unicodedata.normalize("NFKC", m.group())


#: the steps of folding, in order: what each finds and what it writes instead (a function or a template)
_STEPS = {_GONE: "", _DIGIT: lambda m: ascii_digits(m.group()), _COMPAT: _nfkc, _JOINED: r"\1"}


@dataclass
class Folded:
    """A text in the form every comparison sees, and the way back to positions of the original (worked out
    only when asked: a text of the site is folded on every audit, a position is wanted only for a finding)."""

    text: str
    #: the text one step of folding was applied to, and the step (None: the original)
    source: str | None = None
    step: re.Pattern | None = None
    inner: Folded | None = None
    _marks: list[tuple[int, int]] | None = field(default=None, repr=False)

    def origin(self, position: int) -> int:
        """The position in the original text of the character at ``position`` of the folded one."""
        if self.source is not None and self.step is not None:
            if self._marks is None:
                self._marks = _marks(self.step, self.source)
            i = bisect.bisect_right(self._marks, (position, 1 << 62)) - 1
            if i >= 0:
                folded, original = self._marks[i]
                position = original + position - folded
        return self.inner.origin(position) if self.inner is not None else position


def _marks(step: re.Pattern, source: str) -> list[tuple[int, int]]:
    """(position in the folded text, position in ``source``) at the start and the end of every change."""
    replace = _STEPS[step]
    marks, shift = [], 0
    for m in step.finditer(source):
        new = m.expand(replace) if isinstance(replace, str) else replace(m)
        marks.append((m.start() + shift, m.start()))
        shift += len(new) - (m.end() - m.start())
        marks.append((m.end() + shift, m.end()))
    return marks


def _apply(step: re.Pattern, folded: Folded) -> Folded:
    text = step.sub(_STEPS[step], folded.text)
    return folded if text == folded.text else Folded(text, folded.text, step, folded)


def forms(text: str) -> tuple[Folded, Folded]:
    """``text`` folded without joining the groups of numbers (the form :func:`numbers` reads), and folded
    whole (the form private values are matched in)."""
    plain = Folded(text)
    if not text.isascii():  # invisible characters, digits of other scripts and compatibility forms are not
        for step in (_GONE, _DIGIT, _COMPAT):
            plain = _apply(step, plain)
    return plain, _apply(_JOINED, plain)


def fold(text: str) -> Folded:
    """``text`` in the one form in which texts and private values are compared (see the module's docstring)."""
    return forms(text)[1]


@functools.lru_cache(maxsize=1 << 17)
def folded_value(value: str) -> str:
    """A private value as it is matched: folded, without spaces at its ends (kept: a process that checks the
    records again, ``gongshi serve``, folds each value once)."""
    return fold(value.strip()).text.strip()
