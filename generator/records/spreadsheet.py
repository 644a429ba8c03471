"""Reading a 汇总表 (the summary table a unit sends with its nominations) as tables of cells.

A sheet of an ``.xlsx``, ``.xls`` or ``.ods`` workbook (python-calamine reads the three) or a ``.csv`` file
(UTF-8 with or without BOM, or GBK/GB18030 as Excel and WPS save it in China) becomes a :class:`Table`: its
heading row found wherever it is (below the title row "……汇总表" and the row "填报单位：… 填报人：…"), each
column recognised by its Chinese heading with line breaks, spaces and the width of brackets ignored
(:data:`COLUMNS`), and the data rows with their spreadsheet row numbers, so that every problem names its cell
(``推荐汇总表.xlsx:劳模!C14``).

A merged cell holds its value in its first cell only (that is how every reader gives it): the value is
spread over the whole merged range, so that a heading merged over two rows, or a 单位类型 merged down the rows
of several nominees, reads as the clerk sees it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.base.errors import GongshiError
from generator.base.i18n import _, listing

#: the suffixes read, the workbooks by calamine
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")

#: Column headings (normalised: see :func:`heading_key`) and the field each fills. ``private.x`` goes under
#: ``private:``; ``-`` is a column read and ignored (序号); ``combined`` is 工作单位及职务（职级）, split by
#: :func:`generator.records.import_rows.split_unit_position`; ``age`` is recognised and not imported.
COLUMNS: dict[str, str] = {
    "序号": "-", "编号": "-",
    "姓名": "name",
    "单位名称": "collective_name", "单位名称(或车间/工段/班组/科室)": "collective_name",
    "单位名称(或及车间/工段/班组/科室)": "collective_name", "集体名称": "collective_name",
    "性别": "gender", "民族": "ethnicity", "年龄": "age",
    "出生年月": "private.birth_date", "出生日期": "private.birth_date", "出生年月日": "private.birth_date",
    "政治面貌": "political_status",
    "工作单位及职务(职级)": "combined", "工作单位及职务": "combined", "单位及职务": "combined",
    "单位及职务(职级)": "combined",
    "工作单位": "unit", "所属单位": "unit", "上级单位": "unit",
    "职务": "position", "职级": "rank",
    "职称": "professional_title", "职称级别": "title_level", "技术等级": "skill_level",
    "单位类型": "unit_type", "单位性质": "unit_nature",
    "人员结构": "category", "人员类别": "category",
    "所属地区": "region", "地区": "region", "区县": "region", "所属地区或系统": "region",
    "法人代表": "legal_representative", "法定代表人": "legal_representative",
    "单位人数": "staff_count", "职工人数": "staff_count",
    "曾获最高荣誉": "highest_honour", "曾获得最高荣誉": "highest_honour", "曾获最高荣誉称号": "highest_honour",
    "备注": "remarks",
    "简要事迹": "brief_deeds", "主要事迹": "brief_deeds", "简要事迹(500字以内)": "brief_deeds",
    "事迹": "brief_deeds",
    "身份证号": "private.id_number", "身份证号码": "private.id_number", "公民身份号码": "private.id_number",
    "联系电话": "private.phone", "手机": "private.phone", "手机号码": "private.phone", "电话": "private.phone",
    "家庭住址": "private.address",
    "投票情况": "private.votes", "得票": "private.votes", "得票情况": "private.votes", "投票结果": "private.votes",
}

_SPACE = re.compile(r"[\s\u3000]+")
_WIDE = str.maketrans("（）／：", "()/:")


def heading_key(text: str) -> str:
    """A heading as it is looked up: spaces and line breaks removed, full-width brackets and slashes made
    half-width, a required-field star dropped (``*姓名``)."""
    return _SPACE.sub("", text).translate(_WIDE).strip("*")


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Column:
    index: int
    field: str
    heading: str  #: as the sheet writes it, normalised (for messages)


@dataclass
class Table:
    """One sheet: where its cells are, its recognised columns and its data rows."""

    source: str  #: the file name as given, for messages
    sheet: str | None  #: None for a CSV file
    header_row: int  #: 1-based
    columns: list[Column]
    rows: list[tuple[int, list[Any]]]  #: (1-based row number, cells)
    unknown: list[tuple[str, str]] = field(default_factory=list)  #: (cell, heading) of columns not recognised

    def cell(self, row: int, index: int) -> str:
        """``推荐汇总表.xlsx:劳模!C14`` (``x.csv:C14`` for a CSV file)."""
        sheet = f"{self.sheet}!" if self.sheet is not None else ""
        return f"{self.source}:{sheet}{column_letters(index)}{row}"

    @property
    def where(self) -> str:
        return f"{self.source}:{self.sheet}" if self.sheet is not None else self.source

    def fields(self) -> set[str]:
        return {c.field for c in self.columns}


class SpreadsheetError(GongshiError):
    """The file cannot be read as a spreadsheet at all."""


def read_tables(path: Path, source: str) -> tuple[list[Table], list[str]]:
    """Every sheet of ``path`` with a heading row, and the names of the sheets without one (skipped)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SpreadsheetError(_("{path}: not a spreadsheet; gongshi reads {suffixes}").format(
            path=source, suffixes=listing(SUFFIXES)))
    tables, skipped = [], []
    for name, grid in _sheets(path, source, suffix):
        table = find_table(grid, source, name)
        if table is None:
            skipped.append(name or source)
        else:
            tables.append(table)
    return tables, skipped


def _sheets(path: Path, source: str, suffix: str) -> Iterator[tuple[str | None, list[list[Any]]]]:
    if suffix == ".csv":
        yield None, list(csv.reader(io.StringIO(decode_csv(path.read_bytes(), source), newline="")))
        return
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            grid = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            _spread_merged(grid, getattr(sheet, "merged_cell_ranges", None) or [])
            yield name, grid
    except CalamineError as e:
        raise SpreadsheetError(_("{path}: cannot be read as a spreadsheet ({error}); open it and save it again "
                                 "as .xlsx").format(path=source, error=e)) from e


def decode_csv(data: bytes, source: str) -> str:
    """UTF-8 (a BOM removed), else GB18030, the superset of the GBK that Excel and WPS save in China."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise SpreadsheetError(_("{path}: the text is neither UTF-8 nor GBK; save the table again as CSV UTF-8")
                               .format(path=source)) from e


def _spread_merged(grid: list[list[Any]], ranges: list) -> None:
    """Give every cell of a merged range the value of its first cell (the only one that holds it)."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(grid):
            continue
        value = grid[top][left] if left < len(grid[top]) else ""
        for r in range(top, min(bottom, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(left, right + 1):
                if c < len(row) and (r, c) != (top, left) and row[c] in ("", None):
                    row[c] = value


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def find_table(grid: list[list[Any]], source: str, sheet: str | None) -> Table | None:
    """The table of a sheet: its heading row is the first with two or more recognised headings; a row below
    it of recognised headings only is a second heading row (a heading merged over two columns, named
    apart in the row below: ``工作单位及职务`` over ``工作单位`` and ``职务``)."""
    for at, row in enumerate(grid):
        known = [heading_key(_text(v)) in COLUMNS for v in row]
        if sum(known) < 2:
            continue
        headings = [_text(v) for v in row]
        start = at + 1
        below = grid[at + 1] if at + 1 < len(grid) else []
        texts = [_text(v) for v in below]
        if any(texts) and all(heading_key(t) in COLUMNS for t in texts if t):
            headings = [t or h for h, t in zip(headings, texts + [""] * (len(headings) - len(texts)))]
            start = at + 2
        return _table(grid, source, sheet, at + 1, headings, start)
    return None


def _table(grid: list[list[Any]], source: str, sheet: str | None, header_row: int, headings: list[str],
           start: int) -> Table:
    table = Table(source, sheet, header_row, [], [])
    seen: set[str] = set()
    for index, heading in enumerate(headings):
        if not heading:
            continue
        key = heading_key(heading)
        name = COLUMNS.get(key)
        if name is None:
            table.unknown.append((table.cell(header_row, index), key))
        elif name != "-" and name not in seen:  # a merged heading spread over two columns counts once
            seen.add(name)
            table.columns.append(Column(index, name, key))
    for number, row in enumerate(grid[start:], start + 1):
        if any(v not in ("", None) and not (isinstance(v, str) and not v.strip()) for v in row):
            table.rows.append((number, row))
    return table
