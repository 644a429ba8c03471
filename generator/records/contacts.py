"""Formats of the objection channels: phone and fax numbers, e-mail, postcodes.

Mainland numbers only, as they are printed on notices: a landline with its
area code (``010-12345678``, extension ``-123`` or ``转123``), a mobile
(``13800000000``, optionally grouped ``138-0000-0000``), a 400/800 service
number, or a short public hotline such as the trade unions' ``12351``.

Values are typed with a Chinese input method, which gives full-width digits,
hyphens, colons and ``＠``: :func:`half_width` turns them into the ASCII ones
before any check, so that ``０１０－１２３４５６７８`` is accepted and published as
``010-12345678``. Digits of other scripts (Arabic-Indic ``٤٤٠``, Devanagari …),
which NFKC leaves as they are, are made ASCII too: a value is compared and
checked in one form only, whatever keyboard typed it.
"""

from __future__ import annotations

import re
import unicodedata

from generator.base.i18n import _

_LANDLINE = r"0\d{2,3}-\d{7,8}(?:(?:-|转)\d{1,6})?"
_MOBILE = r"1[3-9]\d(?:-?\d{4}){2}"
_SERVICE = r"[48]00-?\d{3}-?\d{4}"
_HOTLINE = r"1\d{4}"
PHONE_PATTERN = f"^(?:{_LANDLINE}|{_MOBILE}|{_SERVICE}|{_HOTLINE})$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
POSTCODE_PATTERN = r"^\d{6}$"

# ASCII digits only: what half_width leaves is checked as it will be published
_PHONE_RE = re.compile(PHONE_PATTERN, re.ASCII)
_EMAIL_RE = re.compile(EMAIL_PATTERN, re.ASCII)
_POSTCODE_RE = re.compile(POSTCODE_PATTERN, re.ASCII)

#: dashes an input method or a word processor types for a hyphen (NFKC leaves them as they are)
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"})


#: a decimal digit that is not ASCII (``re`` reads ``\\d`` as any Unicode decimal digit)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """``text`` with every Unicode decimal digit (full-width ``４``, Arabic-Indic ``٤``, …) made ASCII, by its
    numeric value (``unicodedata.decimal``: NFKC does not map the digits of other scripts)."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def half_width(text: str) -> str:
    """``text`` with full-width digits, letters, ``－``, ``：``, ``＠``, ``．`` and spaces made half-width
    (Unicode NFKC), digits of every script made ASCII and the other dashes made hyphens. Chinese
    characters (``转``) are kept."""
    return ascii_digits(unicodedata.normalize("NFKC", text)).translate(_DASHES)


def check(kind: str, text: str) -> str | None:
    """Return a message saying how to fix ``text`` (made :func:`half_width` already), or None when it is
    valid."""
    if kind == "phone":
        if _PHONE_RE.match(text):
            return None
        return _("'{value}' is not a phone number; write a landline with its area code and a hyphen "
                 "(\"010-12345678\", extension \"010-12345678-123\"), a mobile (\"13800000000\"), "
                 "a 400/800 number or a short hotline (\"12351\")").format(value=text)
    if kind == "email":
        return None if _EMAIL_RE.match(text) else _("'{value}' is not an e-mail address (name@example.org)").format(
            value=text)
    if kind == "postcode":
        return None if _POSTCODE_RE.match(text) else _("'{value}' is not a postcode; write its six digits in "
                                                        "quotes").format(value=text)
    raise ValueError(kind)


def tel_uri(phone: str) -> str:
    """A ``tel:`` link target for a validated number (extension as ``;ext=``)."""
    m = re.fullmatch(r"(0\d{2,3}-\d{7,8})(?:-|转)(\d{1,6})", phone)
    if m:
        return f"tel:{_digits(m[1])};ext={m[2]}"
    return "tel:" + _digits(phone)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
