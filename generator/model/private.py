"""What is private, and the split that keeps it out of every output.

Private data lives only under a nominee's ``private:`` mapping. The loader
hands it to :class:`PrivateStore` and builds the public model from an
allow-list of public fields, so templates, feeds, search and JSON outputs
receive objects that have no private attribute at all. Private values are
used only for checks (for example the same ID number nominated twice).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from generator.base.i18n import N_

#: Field names allowed under ``private:``, with what they are (shown translated). Also refused
#: anywhere outside ``private:`` so that a misplaced one is never published.
PRIVATE_FIELDS: dict[str, str] = {
    "id_number": N_("national resident ID number (居民身份证号码)"),
    "phone": N_("the nominee's own phone number"),
    "birth_date": N_("date of birth (出生年月)"),
    "address": N_("home address"),
    "email": N_("the nominee's own e-mail address"),
    "votes": N_("vote results of the recommendation (投票结果)"),
    "review_opinion": N_("review opinions (审核意见)"),
    "notes": N_("internal notes of the clerk"),
    "retired": N_("是 if retired (离退休), for eligibility rules"),
    "military": N_("是 if in active military service (现役军人), for eligibility rules"),
    "titles_held": N_("titles already held, e.g. 省劳动模范 (for eligibility rules)"),
}


#: private fields whose values are never looked for in public text: yes/no answers, and the titles a nominee
#: already holds, which the brief deeds publish on purpose (see generator.leaks)
UNMATCHED_FIELDS = frozenset({"retired", "military", "titles_held"})


class PrivateKey(NamedTuple):
    notice: str
    nominee: str


_NONE: Mapping[str, Any] = MappingProxyType({})


@dataclass
class PrivateStore:
    """Private values by (notice id, nominee id). Never given to an output stage."""

    _data: dict[PrivateKey, Mapping[str, Any]] = field(default_factory=dict)

    def put(self, notice: str, nominee: str, values: Mapping[str, Any]) -> None:
        self._data[PrivateKey(notice, nominee)] = MappingProxyType(dict(values))

    def get(self, notice: str, nominee: str) -> Mapping[str, Any]:
        return self._data.get((notice, nominee), _NONE)

    def items(self) -> Iterator[tuple[PrivateKey, Mapping[str, Any]]]:
        return iter(sorted(self._data.items()))

    def values(self) -> Iterator[str]:
        """Every private value that is looked for in public text, as text (for audits of built output): all
        but those of :data:`UNMATCHED_FIELDS`."""
        for _, values in self.items():
            for name, value in values.items():
                if value not in (None, "") and name not in UNMATCHED_FIELDS:
                    yield str(value)

    def __len__(self) -> int:
        return len(self._data)
