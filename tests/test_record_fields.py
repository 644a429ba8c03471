"""A record field is declared once, in generator/records/types.py; this keeps the other places that name it in
step: the public model (an allow-list: a declared field missing there is silently dropped), the JSON Schema
editors read, and what the nominee's page shows."""

from __future__ import annotations

import dataclasses

import pytest

from generator.model import public as M
from generator.model.private import PRIVATE_FIELDS
from generator.records import types as T
from generator.records.schema import json_schema

#: each record type and the public class the loader builds from it
PAIRS = [(T.NOMINEE, M.Nominee), (T.NOTICE, M.Notice), (T.CAMPAIGN, M.Campaign), (T.CHANNEL, M.Channel),
         (T.CORRECTION, M.Correction), (T.OUTCOME, M.Outcome), (T.AWARD, M.Award), (T.CONTACT, M.Contact),
         (T.IN_PERSON, M.InPerson), (T.OBJECTION_RULES, M.ObjectionRules), (T.WITHDRAWAL, M.Withdrawal),
         (T.LEVEL, M.Level), (T.HELD_ELSEWHERE, M.HeldElsewhere)]
#: record fields the public class names otherwise (``from`` is a Python keyword)
RENAMED = {"from": "carried_from"}
#: fields of the public classes that the loader derives rather than copies
DERIVED = {M.Nominee: {"kind", "source"}, M.Notice: {"source", "source_digest", "working_days"},
           M.Campaign: {"source"}}
#: public nominee fields no page shows: 职级 is checked against the campaign's rank rules (the page shows the
#: position, 职务, which the union writes with it)
NOT_SHOWN = {"rank"}


@pytest.mark.parametrize(("record", "cls"), PAIRS, ids=[r.name for r, _ in PAIRS])
def test_every_public_field_of_a_record_is_a_field_of_its_public_class(record, cls):
    declared = {RENAMED.get(f.name, f.name) for f in record.fields} - {"private"}
    public = {f.name for f in dataclasses.fields(cls)} - DERIVED.get(cls, set())
    assert declared == public


def test_no_private_field_is_a_field_of_the_public_nominee():
    assert not {f.name for f in dataclasses.fields(M.Nominee)} & set(PRIVATE_FIELDS)
    assert "private" not in {f.name for f in dataclasses.fields(M.Nominee)}


@pytest.mark.parametrize(("record", "cls"), PAIRS, ids=[r.name for r, _ in PAIRS])
def test_the_json_schema_has_every_declared_field(record, cls):
    schema = json_schema(T.FILE_TYPES, "gongshi")
    assert set(schema["$defs"][record.name]["properties"]) == {f.name for f in record.fields}


def test_every_public_nominee_field_is_shown_on_the_nominee_page(demo):
    """A new field that no template shows is a field nobody sees: on the demo's nominee pages, every public
    field a nominee fills in is shown (ids and paths as addresses, the photo as an image), spaces aside."""
    from bs4 import BeautifulSoup

    from conftest import REPO
    from generator.records.loader import load_site

    site = load_site(REPO / "site_config.yml")
    # carried_from: shown as the trail's links to the lower notice
    not_text = {"id", "award", "photo", "photo_alt", "figure", "carried_from"} | DERIVED[M.Nominee] | NOT_SHOWN
    checked, missing = set(), set()
    for notice in site.records.notices.values():
        for nom in notice.nominees:
            page = demo / "notices" / notice.id / nom.id / "index.html"
            if not page.is_file():
                continue  # not public yet at the demo's moment
            text = "".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text().split())
            for f in dataclasses.fields(M.Nominee):
                value = getattr(nom, f.name)
                if f.name not in not_text and value not in (None, ""):
                    checked.add(f.name)
                    if "".join(str(value).split()) not in text:
                        missing.add((f.name, f"{notice.id}/{nom.id}"))
    assert missing == set()
    assert checked == {f.name for f in dataclasses.fields(M.Nominee)} - not_text  # the demo fills in every field
