"""Each nominee's trail through the levels, and the lower notices a list rests on, as pages and feeds show
them.

A nominee carried up (``from:``) is the same person in the notice below; following those links down and up
gives their trail: one step per notice of the site they were on, lowest first, and at the bottom the notice
held elsewhere that the lowest one declares for them. The steps of the site hold the notice's view, so that
a page showing a step reads (and is rendered again with) that notice and its status.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.model.public import LEVEL_NAMES, Correction, HeldElsewhere, Nominee

#: a notice's view, :class:`generator.site.views.NoticeView` (which builds the trails: this module cannot name it)
NoticeView = Any


@dataclass(frozen=True)
class Step:
    """One level of a nominee's trail: a notice of the site (``view``, the nominee's id there and the
    correction that took them off its list, if one did), or one held elsewhere."""

    level: str
    view: NoticeView | None = None
    nominee: str | None = None
    leaving: Correction | None = None
    elsewhere: HeldElsewhere | None = None
    #: the step of the page's own notice
    here: bool = False

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def url(self) -> str | None:
        return f"{self.view.url}{self.nominee}/" if self.view is not None else None

    def key(self) -> tuple:
        """What the step is, for the digest of a trail (the notices' contents are sources of their own)."""
        return (self.level, self.view.id if self.view else None, self.nominee, self.elsewhere)


@dataclass(frozen=True)
class Basis:
    """A lower notice a list rests on: of the site (``view``, with how many nominees of the list come from it)
    or held elsewhere."""

    level: str
    count: int
    view: NoticeView | None = None
    elsewhere: HeldElsewhere | None = None

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


def _split(ref: str) -> tuple[str, str]:
    notice, _, nominee = ref.partition("/")
    return notice, nominee


def trails(views: list[NoticeView]) -> dict[str, dict[str, tuple[Step, ...]]]:
    """The trail of every nominee of every public notice, by notice id and nominee id."""
    by_id = {v.id: v for v in views}
    up: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for v in views:
        for nom in v._notice.nominees:
            if nom.carried_from:
                up[_split(nom.carried_from)].append((v.id, nom.id))

    def step(v: NoticeView, nominee: str, here: bool = False) -> Step:
        return Step(v._notice.level, v, nominee, v._notice.taken_off().get(nominee), here=here)

    def below(v: NoticeView, nom: Nominee) -> list[Step]:
        if nom.carried_from:
            lower_id, lower_nominee = _split(nom.carried_from)
            lower = by_id.get(lower_id)
            found = next((n for n in lower._notice.nominees if n.id == lower_nominee), None) if lower else None
            return below(lower, found) + [step(lower, lower_nominee)] if found else []
        level = v._campaign.level_below(v._notice.level)
        held = next((h for h in v._notice.held_elsewhere if h.level == level and nom.id in h.nominees), None)
        return [Step(held.level, elsewhere=held)] if held else []

    def above(notice_id: str, nominee: str) -> list[Step]:
        out = []
        for higher, higher_nominee in sorted(up.get((notice_id, nominee), ()), key=lambda k: by_id[k[0]]._notice.start):
            out += [step(by_id[higher], higher_nominee)] + above(higher, higher_nominee)
        return out

    return {v.id: {nom.id: tuple(below(v, nom) + [step(v, nom.id, here=True)] + above(v.id, nom.id))
                   for nom in v._notice.nominees}
            for v in views}


def bases(view: NoticeView, by_id: dict[str, NoticeView]) -> tuple[Basis, ...]:
    """The lower notices the view's list rests on: those of the site its nominees are carried from (in the
    order of their first nominee), then those held elsewhere."""
    counts: dict[str, int] = {}
    for nom in view._notice.nominees:
        if nom.carried_from:
            notice = _split(nom.carried_from)[0]
            counts[notice] = counts.get(notice, 0) + 1
    site = [Basis(by_id[i]._notice.level, n, view=by_id[i]) for i, n in counts.items() if i in by_id]
    return tuple(site + [Basis(h.level, len(h.nominees), elsewhere=h) for h in view._notice.held_elsewhere])


def elsewhere_data(h: HeldElsewhere) -> dict[str, Any]:
    """A notice held elsewhere, for software (notice.json and the feeds' structured fields)."""
    return {"level": h.level, "level_name": h.level_name, "held_elsewhere": True, "issuer": h.issuer,
            "document_number": h.document_number, "start": h.start.isoformat(), "end": h.end.isoformat(),
            "posted_at": h.posted_at, "outcome": h.outcome}


def step_data(s: Step, site_url: str) -> dict[str, Any]:
    """A step of a trail, for software: the notice of the site (id, address, issuer, period, status at the
    build, outcome, and how the nominee left its list), or the notice held elsewhere."""
    if s.view is None:
        assert s.elsewhere is not None
        return elsewhere_data(s.elsewhere)
    n = s.view.notice
    return {"level": s.level, "level_name": s.level_name, "notice": n.id, "url": site_url + (s.url or ""),
            "issuer": n.issuer, "document_number": n.document_number, "start": n.start.isoformat(),
            "end": n.end.isoformat(), "status_at_build": s.view.status,
            "outcome": n.outcome.result if n.outcome else None,
            "off_list": {"action": s.leaving.action, "date": s.leaving.date.isoformat()} if s.leaving else None}


def basis_data(b: Basis, site_url: str) -> dict[str, Any]:
    """A lower notice a list rests on, for software."""
    if b.view is None:
        assert b.elsewhere is not None
        return {**elsewhere_data(b.elsewhere), "nominees": list(b.elsewhere.nominees)}
    n = b.view.notice
    return {"level": b.level, "level_name": b.level_name, "notice": n.id, "url": site_url + b.view.url,
            "issuer": n.issuer, "document_number": n.document_number, "start": n.start.isoformat(),
            "end": n.end.isoformat(), "nominees": b.count}
