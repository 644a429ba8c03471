"""The notice's Word file as python-docx made it, before :mod:`generator.site.notice_docx` wrote its XML
itself: the reference its bytes are compared with (tests/test_notice_docx.py).

It is laid out as an official notice is: the title centred, the issuer and document number, the
introduction, the period and the deadline, how to object, then the list as one table per award (the
nominees on the list as of the build's day, as the notice page counts them; those a correction took off
follow their award's table, each with how, when and why, as the page marks them), the issuer and date
right-aligned at the end (落款) and the page number in the footer.

Its bytes depend on the notice only: the core properties are set from the notice (its published day), and
the zip is written again with its members sorted and one fixed timestamp (python-docx writes the current
time into both).
"""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import TYPE_CHECKING

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from generator.base import dates
from generator.site.notice_docx import fixed_zip
from generator.site.views import CHANGE_LABELS, channel_lines, correction_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph

    from generator.model.public import Award, Nominee
    from generator.site.views import NomineeView, NoticeView

#: the fonts of official documents (GB/T 9704): 仿宋 for the text, 小标宋 (here 宋体, which every
#: machine has) for the title, 黑体 for the headings; the Latin fallback for digits and names
BODY_FONT, TITLE_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "宋体", "黑体", "Times New Roman"
#: columns of an award's table, by the award's kind
COLUMNS = {"individual": ("序号", "姓名", "性别", "工作单位及职务", "简要事迹"),
           "collective": ("序号", "单位名称", "所属单位", "简要事迹")}
#: relative widths of the columns above (the page's width shared in these proportions)
WIDTHS = {"individual": (1.2, 2.2, 1.2, 4.4, 8.0), "collective": (1.2, 4.6, 3.6, 7.6)}
#: the size of the text in the tables (小四), in points
TABLE_SIZE = 12


def notice_docx(view: NoticeView) -> bytes:
    """The Word file of the notice ``view`` shows, the same bytes for the same notice on the same day."""
    n = view.notice
    doc = docx.Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number(section.footer.paragraphs[0])

    _para(doc, n.title, "Title", WD_ALIGN_PARAGRAPH.CENTER)
    meta = "　".join(p for p in (n.issuer, n.document_number) if p)
    _para(doc, meta, "Subtitle", WD_ALIGN_PARAGRAPH.CENTER)
    if n.intro:
        _para(doc, n.intro)
    _para(doc, f"公示期：{dates.zh_date(n.start)} 至 {dates.zh_date(n.end)}，共 {n.working_days} 个工作日"
               "（法定节假日不计）。")
    _para(doc, f"反映情况截止：{dates.zh_deadline(n.end, n.closing_time)}。")
    if n.withdrawn:
        _para(doc, f"本公示已于{dates.zh_date(n.withdrawn.date)}撤回：{n.withdrawn.reason}")
    _channels(doc, view)

    heading = f"推荐对象名单（{view.standing} 名/个" + (f"，{view.off_list_text}" if view.off_list else "") + "）"
    doc.add_heading(heading, level=1)
    for award, members in view.groups:
        _award(doc, award, members, section.page_width - section.left_margin - section.right_margin)

    if n.corrections:
        doc.add_heading("更正记录", level=1)
        for c in n.corrections:
            _para(doc, f"{dates.zh_date(c.date)}：{correction_text(c)}")
    if n.outcome:
        doc.add_heading("公示结果", level=1)
        result = "公示无异议。" if n.outcome.result == "no-objection" else "名单有调整。"
        _para(doc, f"{dates.zh_date(n.outcome.date)}公布：{result}{n.outcome.text or ''}")

    _para(doc, "", space_before=12)
    _para(doc, n.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, dates.zh_date(n.published, weekday=False), align=WD_ALIGN_PARAGRAPH.RIGHT)

    _properties(doc, view)
    package_rels = doc.part.package.rels
    for key in [k for k, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[key]  # the template's picture of a blank page, with its camera's metadata
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue())


def _styles(doc: Document) -> None:
    """Chinese fonts on every style the file uses (the East Asian font is its own attribute in Word), black
    headings, 三号 text."""
    sizes = {"Normal": 16, "Title": 22, "Subtitle": 16, "Heading 1": 16, "Heading 2": 16, "Table Grid": TABLE_SIZE}
    fonts = {"Normal": BODY_FONT, "Title": TITLE_FONT, "Subtitle": BODY_FONT, "Heading 1": HEADING_FONT,
             "Heading 2": BODY_FONT, "Table Grid": BODY_FONT}
    for name, size in sizes.items():
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.name = LATIN_FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.font.bold = name in ("Title", "Heading 2")
        fonts_element = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts_element.set(qn(attr), fonts[name] if attr == "w:eastAsia" else LATIN_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts_element.attrib.pop(qn(theme), None)  # a theme font would win over the one named here
        if name != "Table Grid":
            _spacing(style)
    title = doc.styles["Title"]
    borders = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is not None:  # the template underlines the title; an official notice does not
        title.element.get_or_add_pPr().remove(borders)


def _spacing(style: ParagraphStyle) -> None:
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = Pt(28)


def _para(doc: Document, text: str, style: str = "Normal", align: int | None = None,
          space_before: int | None = None) -> Paragraph:
    p = doc.add_paragraph(text, style=style)
    if align is not None:
        p.alignment = align
    if space_before is not None:
        p.paragraph_format.space_before = Pt(space_before)
    if style == "Normal" and align is None:
        p.paragraph_format.first_line_indent = Pt(32)  # two characters, as official text is indented
    return p


def _channels(doc: Document, view: NoticeView) -> None:
    n = view.notice
    doc.add_heading("反映情况的方式", level=1)
    _para(doc, f"公示期间，如对推荐对象有异议，可在{dates.zh_deadline(n.end, n.closing_time)}前通过以下方式反映：")
    for ch in n.channels:
        doc.add_heading(ch.office, level=2)
        for line in channel_lines(ch):
            _para(doc, line.text + (line.link or ""))
    r = n.objection_rules
    rules = (["反映情况须署真实姓名（实名），匿名反映不予受理。"] if r.real_name else []) \
        + (["信函以寄出邮戳日期为准。"] if r.postmark else []) \
        + (["受理单位对反映人的身份和反映内容严格保密。"] if r.confidential else []) + list(r.notes)
    for rule in rules:
        _para(doc, rule)


def _award(doc: Document, award: Award, members: tuple[NomineeView, ...], width: int) -> None:
    """The award's heading, its table of the nominees on the list, and those taken off it after the table."""
    on = [nv for nv in members if not nv.leaving]
    doc.add_heading(f"{award.name}（{len(on)}）", level=2)
    kind = award.kind if award.kind in COLUMNS else "individual"
    columns = COLUMNS[kind]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    shares = WIDTHS[kind]
    widths = [int(width * s / sum(shares)) for s in shares]
    _row(table.rows[0], columns, widths, header=True)
    _repeat_header(table.rows[0])
    for number, nv in enumerate(on, 1):
        _row(table.add_row(), (str(number), *_cells(nv.nominee, kind, nv.change)), widths)
    for nv in members:
        if nv.leaving:
            c = nv.leaving
            _para(doc, f"{nv.nominee.name}：{CHANGE_LABELS[c.action]}（{dates.zh_date(c.date)}）：{c.text}")


def _cells(nom: Nominee, kind: str, change: str | None) -> tuple[str, ...]:
    badge = f"（{CHANGE_LABELS[change]}）" if change in CHANGE_LABELS else ""
    if kind == "individual":
        unit = " ".join(p for p in (nom.unit, nom.position) if p)
        return nom.name + badge, nom.gender or "", unit, nom.brief_deeds
    return nom.name + badge, nom.unit or "", nom.brief_deeds


def _row(row, texts: tuple[str, ...], widths: list[int], header: bool = False) -> None:
    for cell, text, w in zip(row.cells, texts, widths):
        cell.width = w
        p = cell.paragraphs[0]
        run = p.add_run(text)
        run.bold = header
        run.font.size = Pt(TABLE_SIZE)  # the paragraph style's 三号 would win over the table style's
        p.paragraph_format.line_spacing = Pt(TABLE_SIZE * 1.5)
        p.paragraph_format.space_after = Pt(0)
        if header or len(text) <= 4:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header(row) -> None:
    """The header row is repeated at the top of every page the table runs over."""
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))


def _page_number(p: Paragraph) -> None:
    """``— 1 —`` in the footer, the number a PAGE field Word fills in on every page."""
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    p.add_run()._r.append(_field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    p.add_run()._r.append(instruction)
    p.add_run()._r.append(_field_char("separate"))
    p.add_run("1")  # shown until the field is updated
    p.add_run()._r.append(_field_char("end"))
    p.add_run(" —")


def _field_char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def _properties(doc: Document, view: NoticeView) -> None:
    """Core properties of the notice's own: python-docx would write the template's and today's."""
    n = view.notice
    props = doc.core_properties
    moment = datetime.combine(n.published, time(0, 0))
    props.title = n.title
    props.author = n.issuer
    props.last_modified_by = n.issuer
    props.subject = view.campaign.title
    props.keywords = "公示"
    props.comments = ""
    props.category = ""
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
