"""The rows of a 汇总表 as nominees: each cell converted and checked where it is.

Values are checked as ``gongshi check`` checks the records (the choices of :mod:`generator.records.types`,
the phone formats of :mod:`generator.records.contacts`, the GB 11643 check digit of
:mod:`generator.records.leaks`, the campaign's limit of the brief deeds), so that an import that passes
writes records that pass; each problem names its cell. Private values never appear in a message.

The combined column 工作单位及职务（职级） is split by :func:`split_unit_position` (the rule is in
content/records.md, "从汇总表导入"); a value it cannot split is kept whole as the unit, with a warning naming
the cell, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from generator.base.i18n import _
from generator.records.contacts import PHONE_PATTERN, half_width
from generator.records.leaks import valid_id_number
from generator.records.spreadsheet import Table
from generator.records.types import CATEGORIES, GENDERS, UNIT_TYPES

#: fields a person has and a collective has not, and the reverse (as in generator.records.validate)
PERSON_FIELDS = ("gender", "ethnicity", "political_status", "category", "professional_title", "title_level",
                 "skill_level", "private.birth_date")
COLLECTIVE_FIELDS = ("legal_representative", "staff_count")
REQUIRED = {"individual": ("name", "gender", "unit", "category"), "collective": ("name",)}
_CHOICES = {"unit_type": UNIT_TYPES, "category": CATEGORIES}

#: Words a unit's name ends with, and words a position ends with: the split of 工作单位及职务 (see
#: :func:`split_unit_position`).
UNIT_ENDINGS = ("有限责任公司", "有限公司", "公司", "集团", "厂", "矿", "医院", "卫生院", "学校", "中学", "小学",
                "大学", "学院", "幼儿园", "研究院", "研究所", "设计院", "局", "委员会", "人民政府", "政府", "中心",
                "银行", "站", "街道办事处", "街道", "社区", "村委会", "村", "合作社", "协会", "总工会", "馆")
POSITION_ENDINGS = ("主任", "经理", "长", "书记", "主席", "师", "员", "工", "总监", "监", "干事", "委员", "组长",
                    "教师", "医生", "护士", "司机", "会计", "助理", "专员", "负责人", "村民", "农民", "骨干")
_RANK = re.compile(r"[（(]([^（）()]*级)[）)]$")
_PHONE = re.compile(PHONE_PATTERN, re.ASCII)
_ID = re.compile(r"[0-9]{17}[0-9X]")
_BIRTH = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?)?\s*月?")


@dataclass(frozen=True)
class Note:
    """A problem at a cell of the spreadsheet."""

    where: str  #: ``推荐汇总表.xlsx:劳模!C14``
    field: str  #: the column's heading
    message: str
    severity: str = "error"
    order: tuple = ()

    def __str__(self) -> str:
        prefix = _("warning: ") if self.severity == "warning" else ""
        return f"{self.where}: {self.field}: {prefix}{self.message}"


@dataclass
class Row:
    """One nominee read from a row: public fields, private ones, and where each came from."""

    table: Table
    number: int
    kind: str
    award: str
    values: dict[str, Any] = field(default_factory=dict)
    private: dict[str, str] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  #: field → (cell, heading)

    def at(self, name: str) -> tuple[str, str]:
        return self.cells.get(name) or self.cells.get("name") or (self.table.cell(self.number, 0), "-")


def split_unit_position(text: str) -> tuple[str, str, str] | None:
    """工作单位及职务（职级） as (unit, position, rank), or None when it cannot be split without guessing.

    1. A last bracket ending in 级 (``（副处级）``) is the rank.
    2. Written with a space or a line break between them: the unit is before the last one, the position after.
    3. Otherwise the split is after the last unit ending of :data:`UNIT_ENDINGS` that leaves a position of two
       characters or more ending in a word of :data:`POSITION_ENDINGS` (``示例人民医院院长``: 医院 | 院长).
    """
    text, rank = text.strip(), ""
    m = _RANK.search(text)
    if m:
        text, rank = text[:m.start()].strip(), m[1]
    parts = _SPACE_SPLIT.split(text)
    if len(parts) > 1:
        return " ".join(parts[:-1]), parts[-1], rank
    best = None
    for ending in UNIT_ENDINGS:
        at = text.rfind(ending)
        while at >= 0:
            cut = at + len(ending)
            rest = text[cut:]
            if len(rest) >= 2 and rest.endswith(POSITION_ENDINGS):
                best = max(best or 0, cut)
                break
            at = text.rfind(ending, 0, at)
    if best is None:
        return None
    return text[:best], text[best:], rank


_SPACE_SPLIT = re.compile(r"[\s\u3000]+")


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_row(table: Table, number: int, cells: list[Any], kind: str, award: str, limit: int,
             notes: list[Note]) -> Row | None:
    """The nominee of one row (None when it holds nothing but ignored columns); its problems go to ``notes``."""
    row = Row(table, number, kind, award)
    order = (table.where, number)

    def note(name: str, message: str, severity: str = "error", where: tuple[str, str] | None = None) -> None:
        cell, heading = where or row.at(name)
        notes.append(Note(cell, heading, message, severity, order + (cell,)))

    for column in table.columns:
        value = cells[column.index] if column.index < len(cells) else None
        text = cell_text(value)
        if not text or column.field == "age":
            continue
        name = "name" if column.field == "collective_name" else column.field
        row.cells[name] = (table.cell(number, column.index), column.heading)
        _convert(row, name, value, text, note)
    if not row.cells:
        return None
    _check_kind(row, note)
    deeds = row.values.get("brief_deeds", "")
    length = len(re.sub(r"\s", "", deeds))
    if length > limit:
        note("brief_deeds", _("brief deeds are {length} characters; the campaign's limit is {limit}, shorten by "
                              "{over}").format(length=length, limit=limit, over=length - limit))
    return row


def _convert(row: Row, name: str, value: Any, text: str, note) -> None:
    if name == "combined":
        split = split_unit_position(text)
        if split is None:
            row.values["unit"] = text
            note(name, _("cannot tell the unit from the position in '{value}'; the whole text is taken as the "
                         "unit: check it, or write the position after a space").format(value=text), "warning")
            return
        unit, position, rank = split
        row.values.update({k: v for k, v in (("unit", unit), ("position", position), ("rank", rank)) if v})
        for key in ("unit", "position", "rank"):
            row.cells.setdefault(key, row.cells[name])
        return
    if name.startswith("private."):
        _private(row, name.split(".", 1)[1], value, text, note)
        return
    if name == "gender" and text not in GENDERS:
        note(name, _("\"{value}\" is not \"男\" or \"女\"").format(value=text))
    elif name in _CHOICES and text not in _CHOICES[name]:
        note(name, _("'{value}' is not allowed; use one of: {choices}").format(
            value=text, choices=", ".join(_CHOICES[name])))
    elif name == "staff_count":
        digits = half_width(text)
        if not digits.isdigit():
            note(name, _("'{value}' is not a whole number; write digits without quotes, e.g. 5").format(value=text))
        else:
            row.values[name] = int(digits)
        return
    row.values[name] = re.sub(r"\s*\n\s*", "", text) if name == "brief_deeds" else text


def _private(row: Row, name: str, value: Any, text: str, note) -> None:
    key = f"private.{name}"
    if name == "id_number":
        if isinstance(value, (int, float)):
            note(key, _("the ID number is stored as a number, which loses its last digits; format the column as "
                        "text and type the number again"))
            return
        text = half_width(text).upper()
        if not _ID.fullmatch(text):
            note(key, _("not an 18-character resident ID number (17 digits and a digit or X)"))
            return
        if not valid_id_number(text):
            note(key, _("the last character of the ID number is not its check digit (GB 11643); check the "
                        "number"))
            return
    elif name == "phone":
        text = half_width(text)
        if not _PHONE.match(text):
            note(key, _("not a phone number; write a mobile (13800000000) or a landline with its area code and a "
                        "hyphen (010-12345678)"))
            return
    elif name == "birth_date":
        text = _birth(value, text)
        if text is None:
            note(key, _("not a month of birth; write it as text, e.g. 1980.01 or 1980-01"))
            return
    row.private[name] = text


def _birth(value: Any, text: str) -> str | None:
    if isinstance(value, (date, datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, (int, float)):
        return None  # 1980.1 may be January or October: a number cannot say
    m = _BIRTH.fullmatch(half_width(text))
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    day = f"-{int(m[3]):02d}" if m[3] else ""
    return f"{m[1]}-{int(m[2]):02d}{day}"


def _check_kind(row: Row, note) -> None:
    if row.kind == "collective":
        for name in PERSON_FIELDS:
            if name in row.cells and name != "private.birth_date":
                note(name, _("this sheet lists collectives for award '{award}'; this column is only for "
                             "individuals").format(award=row.award), "warning")
                row.values.pop(name, None)
    else:
        for name in COLLECTIVE_FIELDS:
            if name in row.cells:
                note(name, _("this sheet lists individuals for award '{award}'; this column is only for "
                             "collectives").format(award=row.award), "warning")
                row.values.pop(name, None)
    for name in REQUIRED[row.kind]:
        if name not in row.values and name not in row.cells:
            kind = _("an individual") if row.kind == "individual" else _("a collective")
            note(name, _("required for {kind}; fill in this cell").format(kind=kind), where=_missing_cell(row, name))


_HEADINGS = {"name": "姓名", "gender": "性别", "unit": "工作单位", "category": "人员结构"}


def _missing_cell(row: Row, name: str) -> tuple[str, str]:
    """The empty cell of a required field, or, without its column, the row's first cell."""
    for column in row.table.columns:
        if column.field == name or (name == "name" and column.field == "collective_name") or (
                name == "unit" and column.field == "combined"):
            return row.table.cell(row.number, column.index), column.heading
    return row.table.cell(row.number, 0), _HEADINGS[name]
