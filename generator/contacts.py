"""Formats of the objection channels: phone and fax numbers, e-mail, postcodes.

Mainland numbers only, as they are printed on notices: a landline with its
area code (``010-12345678``, extension ``-123`` or ``转123``), a mobile
(``13800000000``, optionally grouped ``138-0000-0000``), a 400/800 service
number, or a short public hotline such as the trade unions' ``12351``.
"""

from __future__ import annotations

import re

_LANDLINE = r"0\d{2,3}-\d{7,8}(?:(?:-|转)\d{1,6})?"
_MOBILE = r"1[3-9]\d(?:-?\d{4}){2}"
_SERVICE = r"[48]00-?\d{3}-?\d{4}"
_HOTLINE = r"1\d{4}"
PHONE_PATTERN = f"^(?:{_LANDLINE}|{_MOBILE}|{_SERVICE}|{_HOTLINE})$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
POSTCODE_PATTERN = r"^\d{6}$"

_PHONE_RE = re.compile(PHONE_PATTERN)
_EMAIL_RE = re.compile(EMAIL_PATTERN)
_POSTCODE_RE = re.compile(POSTCODE_PATTERN)


def check(kind: str, text: str) -> str | None:
    """Return a message saying how to fix ``text``, or None when it is valid."""
    if kind == "phone":
        if _PHONE_RE.match(text):
            return None
        return (f"'{text}' is not a phone number; write a landline with its area code and a hyphen "
                f"(\"010-12345678\", extension \"010-12345678-123\"), a mobile (\"13800000000\"), "
                f"a 400/800 number or a short hotline (\"12351\")")
    if kind == "email":
        return None if _EMAIL_RE.match(text) else f"'{text}' is not an e-mail address (name@example.org)"
    if kind == "postcode":
        return None if _POSTCODE_RE.match(text) else f"'{text}' is not a postcode; write its six digits in quotes"
    raise ValueError(kind)


def tel_uri(phone: str) -> str:
    """A ``tel:`` link target for a validated number (extension as ``;ext=``)."""
    m = re.fullmatch(r"(0\d{2,3}-\d{7,8})(?:-|转)(\d{1,6})", phone)
    if m:
        return f"tel:{_digits(m[1])};ext={m[2]}"
    return "tel:" + _digits(phone)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)
