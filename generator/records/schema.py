"""A small declarative schema: record types declared once, for validation and for JSON Schema.

Record types are declared once (see :mod:`generator.records.types`) as :class:`Record` objects made of
:class:`Field` objects, beside the patterns of ids, dates and times. :mod:`generator.records.conversion`
walks a line-tracked YAML tree against them; :func:`json_schema` exports the same definitions for editors.
The declarations are apart from the conversion so that what a record may hold is read in one short place,
and so that the JSON Schema, which converts nothing, does not depend on how each value is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.records import contacts
from generator.base.i18n import _

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX = 64
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


@dataclass(frozen=True)
class Field:
    """One field of a record type."""

    name: str
    kind: str
    #: what the field holds, in English, marked for translation (N_) and shown translated
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    item: Field | Record | None = None  # for kind "list" and "map" values
    record: Record | None = None  # for kind "record"
    example: Any = None
    #: a private value: error messages never repeat it
    secret: bool = False


@dataclass(frozen=True)
class Record:
    """A mapping type with a fixed set of fields (unknown keys are errors)."""

    #: the type's name in English (also its name in the JSON Schema), shown translated
    name: str
    doc: str
    fields: tuple[Field, ...]
    #: private field names that may appear here under ``private:``
    allows_private: bool = False
    #: a field that, when given, takes the record from elsewhere: the required fields may then be left out
    carried_by: str | None = None

    def field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


# ---------------------------------------------------------------- JSON Schema

def json_schema(top: dict[str, Record], title: str) -> dict[str, Any]:
    """Export record types as JSON Schema (draft 2020-12) for editors, described in the current language.

    ``top`` maps the top-level key of a file (``campaign``, ``notice``) to its
    record type; a file holds exactly one of them.
    """
    defs: dict[str, Any] = {}

    def of_field(spec: Field) -> dict[str, Any]:
        base: dict[str, Any] = {"description": _(spec.doc)}
        kind = spec.kind
        if kind == "record":
            assert spec.record is not None
            return {**base, "$ref": f"#/$defs/{of_record(spec.record)}"}
        if kind == "list":
            item = spec.item
            items = {"$ref": f"#/$defs/{of_record(item)}"} if isinstance(item, Record) else of_field(item)  # type: ignore[arg-type]
            return {**base, "type": "array", "items": items}
        if kind == "map":
            item = spec.item
            values = {"$ref": f"#/$defs/{of_record(item)}"} if isinstance(item, Record) else of_field(item)  # type: ignore[arg-type]
            return {**base, "type": "object", "additionalProperties": values}
        if kind == "int":
            return {**base, "type": "integer"}
        if kind == "bool":
            return {**base, "type": "boolean"}
        if kind == "enum":
            return {**base, "type": "string", "enum": list(spec.choices)}
        pattern = {
            "id": ID_PATTERN, "ref": ID_PATTERN, "date": DATE_PATTERN, "time": TIME_PATTERN,
            "phone": contacts.PHONE_PATTERN, "postcode": contacts.POSTCODE_PATTERN,
        }.get(kind)
        out: dict[str, Any] = {**base, "type": "string"}
        if kind == "date":
            out["format"] = "date"
        if kind == "email":
            out["format"] = "email"
        if kind in ("id", "ref"):
            out["maxLength"] = ID_MAX
        if pattern:
            out["pattern"] = pattern
        if spec.example is not None:
            out["examples"] = [spec.example]
        return out

    def of_record(record: Record) -> str:
        if record.name not in defs:
            defs[record.name] = {}  # placeholder against recursion
            required = [f.name for f in record.fields if f.required]
            defs[record.name] = {
                "type": "object",
                "description": _(record.doc),
                "properties": {f.name: of_field(f) for f in record.fields},
                "additionalProperties": False,
            }
            if record.carried_by:  # either taken from elsewhere, or complete
                defs[record.name]["anyOf"] = [{"required": [record.carried_by]}, {"required": required}]
            else:
                defs[record.name]["required"] = required
        return record.name

    variants = []
    for key, record in top.items():
        variants.append({
            "type": "object",
            "properties": {key: {"$ref": f"#/$defs/{of_record(record)}"}},
            "required": [key],
            "additionalProperties": False,
        })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "oneOf": variants,
        "$defs": dict(sorted(defs.items())),
    }
