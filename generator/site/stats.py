"""Statistics of a list: counts and shares by gender, category and region."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.model.public import Nominee


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> str:
        return f"{100 * self.count / self.total:.1f}%" if self.total else "—"


@dataclass(frozen=True)
class ListStats:
    individuals: int
    collectives: int
    by_gender: tuple[Share, ...]
    by_category: tuple[Share, ...]
    by_region: tuple[Share, ...]
    by_award: tuple[Share, ...]


def _shares(values: list[str], order: tuple[str, ...] = ()) -> tuple[Share, ...]:
    counts = Counter(values)
    total = len(values)
    rank = {v: i for i, v in enumerate(order)}
    keys = sorted(counts, key=lambda k: (rank.get(k, len(rank)), -counts[k], k))
    return tuple(Share(k, counts[k], total) for k in keys)


def list_stats(nominees: tuple[Nominee, ...], award_names: dict[str, str], categories: tuple[str, ...]) -> ListStats:
    people = [n for n in nominees if n.kind == "individual"]
    return ListStats(
        individuals=len(people),
        collectives=len(nominees) - len(people),
        by_gender=_shares([n.gender or "未填" for n in people], ("男", "女")),
        by_category=_shares([n.category or "未填" for n in people], categories),
        by_region=_shares([n.region or "未填" for n in nominees]),
        by_award=_shares([award_names.get(n.award, n.award) for n in nominees], tuple(award_names.values())),
    )
