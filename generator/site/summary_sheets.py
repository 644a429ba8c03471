"""The list as the submission forms lay it out (汇总表), as .xlsx: the current list of a notice for the next
level (``gongshi export list``), and the blank form of a campaign (``gongshi export template``).

A list sheet is one award's: a title row, the header row, then each nominee on the list as of a day (those
a correction withdrew or replaced are not; a replacement is), numbered. Private columns (出生年月, 身份证号码,
联系电话) are there only when asked for: the file then holds personal data. The blank form has the columns a
clerk fills in, drop-down lists where a field has choices, and a sheet 填表说明 saying what goes where.

The same list gives the same bytes: the workbook's properties are fixed and its zip is written again as the
notice's Word file is (:func:`generator.site.notice_docx.fixed_zip`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.base import dates
from generator.model.public import Award, Campaign, Nominee, Notice
from generator.records.types import CATEGORIES, GENDERS, UNIT_TYPES
from generator.site.notice_docx import fixed_zip
from generator.site.views import CHANGE_LABELS


@dataclass(frozen=True)
class Column:
    """A column of a list sheet: its header, its value for a nominee (with the nominee's private values),
    its width in characters, and whether it is private."""

    header: str
    value: Callable[[Nominee, Mapping[str, Any]], Any]
    width: int = 12
    private: bool = False


def _field(name: str) -> Callable[[Nominee, Mapping[str, Any]], Any]:
    return lambda nom, _private: getattr(nom, name)


def _private(name: str) -> Callable[[Nominee, Mapping[str, Any]], Any]:
    return lambda _nom, private: private.get(name)


def _unit_and_position(nom: Nominee, _private: Mapping[str, Any]) -> str:
    return " ".join(p for p in (nom.unit, nom.position) if p)


def _remarks(change: Mapping[str, str]) -> Callable[[Nominee, Mapping[str, Any]], str]:
    """备注: the record's, then what the latest correction made of the nominee (递补, 信息已更正)."""
    return lambda nom, _private: "；".join(p for p in (nom.remarks, CHANGE_LABELS.get(change.get(nom.id, ""))) if p)


def list_columns(kind: str, change: Mapping[str, str]) -> list[Column]:
    """The columns of a list sheet for awards of ``kind``, private ones included (marked)."""
    if kind == "collective":
        return [Column("单位名称", _field("name"), 24), Column("所属单位", _field("unit"), 20),
                Column("法人代表", _field("legal_representative")), Column("单位人数", _field("staff_count"), 10),
                Column("单位类型", _field("unit_type")), Column("单位性质", _field("unit_nature")),
                Column("曾获最高荣誉", _field("highest_honour"), 16), Column("简要事迹", _field("brief_deeds"), 60),
                Column("备注", _remarks(change), 16), Column("联系电话", _private("phone"), 16, private=True)]
    return [Column("姓名", _field("name"), 10), Column("性别", _field("gender"), 6),
            Column("民族", _field("ethnicity"), 8), Column("出生年月", _private("birth_date"), 12, private=True),
            Column("政治面貌", _field("political_status")), Column("工作单位及职务", _unit_and_position, 30),
            Column("职称", _field("professional_title")), Column("人员结构", _field("category"), 14),
            Column("曾获最高荣誉", _field("highest_honour"), 16), Column("简要事迹", _field("brief_deeds"), 60),
            Column("备注", _remarks(change), 16), Column("身份证号码", _private("id_number"), 20, private=True),
            Column("联系电话", _private("phone"), 16, private=True)]


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"
#: rows a blank form offers its drop-down lists on
FORM_ROWS = 500


def _sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    title = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Sheet"
    base, n = title, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _title_and_header(ws: Worksheet, title: str, subtitle: str, headers: list[str], widths: list[int]) -> None:
    last = get_column_letter(len(headers))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="黑体", size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    ws.append([subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = Font(name=_FONT, size=11)
    ws.append(headers)
    for i, (cell, width) in enumerate(zip(ws[3], widths), 1):
        cell.font = Font(name=_FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"


#: the row of the header in every sheet of these workbooks (a title row and a line under it come first)
HEADER_ROW = 3


def list_workbook(notice: Notice, campaign: Campaign, day: date,
                  private: Callable[[str], Mapping[str, Any]] | None = None) -> bytes:
    """The list of ``notice`` as it stands on ``day``, one sheet per award of the campaign. ``private``: the
    private values of a nominee by id, to fill the private columns (none without it)."""
    shown = notice.as_of(day)
    on = shown.on_list(day)
    change = {c.nominee: c.action for c in shown.corrections if c.nominee}
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for award in campaign.awards:
        members = [n for n in on if n.award == award.id]
        _list_sheet(wb.create_sheet(_sheet_title(award.name, taken)), shown, award, members, day, change, private)
    return _saved(wb, f"{notice.title}（推荐对象汇总表）", notice.issuer, notice.published)


def _list_sheet(ws: Worksheet, notice: Notice, award: Award, members: list[Nominee], day: date,
                change: Mapping[str, str], private: Callable[[str], Mapping[str, Any]] | None) -> None:
    columns = [c for c in list_columns(award.kind, change) if private is not None or not c.private]
    subtitle = f"填报单位：{notice.issuer}　　名单截至：{dates.zh_date(day, weekday=False)}　　共 {len(members)} 名/个"
    _title_and_header(ws, f"{award.name}推荐对象汇总表", subtitle, ["序号", *(c.header for c in columns)],
                      [6, *(c.width for c in columns)])
    for number, nom in enumerate(members, 1):
        values = private(nom.id) if private is not None else {}
        ws.append([number, *(_cell(c.value(nom, values)) for c in columns)])
        for cell in ws[ws.max_row]:
            cell.font = Font(name=_FONT, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BOX


def _cell(value: Any) -> Any:
    """A value as a cell holds it: text, or a whole number; nothing for a field left empty."""
    if value is None or value == "":
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _saved(wb: Workbook, title: str, creator: str, day: date) -> bytes:
    """The workbook's bytes, the same for the same content (properties of its own, not the clock's)."""
    moment = datetime.combine(day, time(0, 0))
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title, creator, creator
    props.created = props.modified = moment
    out = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which sets the modification time to the clock's
    ExcelWriter(wb, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_zip(out.getvalue())


@dataclass(frozen=True)
class FormColumn:
    """A column of the blank form: header, width, what to write in it, and the choices of its drop-down list."""

    header: str
    width: int
    help: str
    choices: tuple[str, ...] = ()


def form_columns(kind: str, awards: tuple[str, ...]) -> list[FormColumn]:
    """The columns a clerk fills in for nominees of ``kind``, the first the award (one of ``awards``)."""
    award = FormColumn("称号", 20, "推荐的称号，从下拉列表中选择。", awards)
    shared_end = [
        FormColumn("单位类型", 12, "从下拉列表中选择。", UNIT_TYPES),
        FormColumn("单位性质", 12, "如国有企业、民营企业、事业单位。"),
        FormColumn("所属地区（系统）", 14, "推荐对象所属的区县或系统。"),
        FormColumn("曾获最高荣誉", 16, "曾获得的最高荣誉，如“省劳动模范（2020年）”；没有的留空。"),
        FormColumn("简要事迹", 60, "约500字以内，在公示中公开。"),
        FormColumn("备注", 16, "需要说明的其他情况。"),
    ]
    if kind == "collective":
        return [award,
                FormColumn("单位名称", 24, "集体的全称（单位、车间、工段、班组或科室）。"),
                FormColumn("所属单位", 20, "车间、班组等所在的单位。"),
                FormColumn("法人代表", 12, "单位的法定代表人或负责人。"),
                FormColumn("单位人数", 10, "填整数。"),
                *shared_end,
                FormColumn("联系电话", 16, "集体的联系电话，只用于核查，不公开。")]
    return [award,
            FormColumn("姓名", 10, "推荐对象的姓名，与身份证一致。"),
            FormColumn("性别", 6, "从下拉列表中选择。", GENDERS),
            FormColumn("民族", 8, "如汉族、回族。"),
            FormColumn("出生年月", 12, "如1980-07，只用于核查，不公开。"),
            FormColumn("政治面貌", 12, "如中共党员、群众。"),
            FormColumn("工作单位", 24, "工作单位的全称。"),
            FormColumn("职务", 16, "职务（职级）。"),
            FormColumn("职称", 12, "如高级工程师；没有的留空。"),
            FormColumn("技术等级", 12, "如高级技师；没有的留空。"),
            FormColumn("人员结构", 14, "从下拉列表中选择。", CATEGORIES),
            *shared_end,
            FormColumn("身份证号码", 20, "18位居民身份证号码，只用于核查，不公开。"),
            FormColumn("联系电话", 16, "本人的联系电话，只用于核查，不公开。")]


#: the sheets of the blank form, by the kind of award they are for
FORM_SHEETS = {"individual": "个人", "collective": "集体"}


def template_workbook(campaign: Campaign, day: date) -> bytes:
    """The blank form of ``campaign``: a sheet for its individual awards and one for its collective ones
    (those it has), with drop-down lists, and a sheet 填表说明 explaining each column."""
    wb = Workbook()
    wb.remove(wb.active)
    explained: list[tuple[str, FormColumn]] = []
    for kind, sheet in FORM_SHEETS.items():
        awards = tuple(a.name for a in campaign.awards if a.kind == kind)
        if not awards:
            continue
        ws = wb.create_sheet(sheet)
        columns = form_columns(kind, awards)
        _title_and_header(ws, f"{campaign.title}推荐对象汇总表（{sheet}）",
                          "填报单位：　　　　　　填报人：　　　　　　联系电话：　　　　　　填报日期：",
                          ["序号", *(c.header for c in columns)], [6, *(c.width for c in columns)])
        for i, column in enumerate(columns, 2):
            if column.choices:
                _drop_down(ws, get_column_letter(i), column)
        explained += [(sheet, c) for c in columns]
    _instructions(wb.create_sheet("填表说明"), campaign, explained)
    return _saved(wb, f"{campaign.title}推荐对象汇总表", campaign.organizer, day)


def _drop_down(ws: Worksheet, letter: str, column: FormColumn) -> None:
    """A list of ``column``'s choices on every row of the form; anything else is refused with a message."""
    validation = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="请从下拉列表中选择",
                                error=f"“{column.header}”只能填：" + "、".join(column.choices))
    validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + FORM_ROWS}")
    ws.add_data_validation(validation)


def _instructions(ws: Worksheet, campaign: Campaign, explained: list[tuple[str, FormColumn]]) -> None:
    ws.append([f"{campaign.title}推荐对象汇总表填表说明"])
    ws["A1"].font = Font(name="黑体", size=14)
    ws.append(["一个推荐对象填一行，从第 4 行起填写，不要改动标题行和表头。带下拉列表的列请从列表中选择。"
               "身份证号码、联系电话和出生年月只用于核查，不在公示中公开。"])
    ws.append(["工作表", "列", "填写说明"])
    for cell in ws[3]:
        cell.font = Font(name=_FONT, bold=True)
    for sheet, column in explained:
        choices = f"（可选：{'、'.join(column.choices)}）" if column.choices else ""
        ws.append([sheet, column.header, column.help + choices])
    for letter, width in (("A", 10), ("B", 18), ("C", 80)):
        ws.column_dimensions[letter].width = width
