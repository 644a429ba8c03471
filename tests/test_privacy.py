"""Private data is split off by the loader: the public model has none of it."""

from __future__ import annotations

import dataclasses

from generator.model import public as model
from generator.records.loader import load_site
from generator.model.private import PRIVATE_FIELDS


def test_public_classes_have_no_private_field():
    assert not {f.name for f in dataclasses.fields(model.Nominee)} & (set(PRIVATE_FIELDS) | {"private"})
    for cls in (model.Notice, model.Campaign, model.Channel, model.Contact, model.Correction):
        assert "private" not in {f.name for f in dataclasses.fields(cls)}, cls


def test_loader_hands_private_values_to_the_store_only(site):
    loaded = load_site(site.make())
    nominee = loaded.records.notices["test-notice"].nominees[0]
    assert not hasattr(nominee, "private") and not hasattr(nominee, "id_number")
    assert not hasattr(nominee, "__dict__")  # slots: nothing can be attached later
    assert dict(loaded.private.get("test-notice", "zhang-san")) == {
        "id_number": "999999199001010014", "phone": "13900000001"}
    public = repr(loaded.records)
    assert "999999199001010014" not in public and "13900000001" not in public
    assert sorted(loaded.private.values()) == ["13900000001", "999999199001010014"]
