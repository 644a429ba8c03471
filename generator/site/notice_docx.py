"""The notice as a Word file (``notices/<id>/notice.docx``), for a newspaper or a notice board to print.

It is laid out as an official notice is: the title centred, the issuer and document number, the
introduction, the period and the deadline, how to object, then the list as one table per award (the
nominees on the list as of the build's day, as the notice page counts them; those a correction took off
follow their award's table, each with how, when and why, as the page marks them), the issuer and date
right-aligned at the end (落款) and the page number in the footer.

The file is written from a template of our own, ``templates/notice.docx``: the parts every notice shares
(styles with the fonts of official documents, the footer with its page field, the page set up as A4 with
the margins of GB/T 9704) are taken as they are, and only the document's body and its core properties
are written here, as Office Open XML text (the same XML python-docx wrote for the same notice, which
tests/test_notice_docx.py compares byte for byte). Its bytes depend on the notice only: the core
properties are the notice's (its published day), and the zip has its members sorted, with one fixed
timestamp.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from importlib.resources import files
from typing import TYPE_CHECKING

from generator.base import dates
from generator.site.views import CHANGE_LABELS, channel_lines, correction_text

if TYPE_CHECKING:
    from generator.model.public import Award, Nominee
    from generator.site.views import NomineeView, NoticeView

#: the fonts of official documents (GB/T 9704), as the template's styles name them: 仿宋 for the text,
#: 小标宋 (here 宋体, which every machine has) for the title, 黑体 for the headings, Times New Roman for
#: digits and names
BODY_FONT, TITLE_FONT, HEADING_FONT, LATIN_FONT = "仿宋", "宋体", "黑体", "Times New Roman"
#: columns of an award's table, by the award's kind
COLUMNS = {"individual": ("序号", "姓名", "性别", "工作单位及职务", "简要事迹"),
           "collective": ("序号", "单位名称", "所属单位", "简要事迹")}
#: relative widths of the columns above (the page's width shared in these proportions)
WIDTHS = {"individual": (1.2, 2.2, 1.2, 4.4, 8.0), "collective": (1.2, 4.6, 3.6, 7.6)}
#: the size of the text in the tables (小四), in points
TABLE_SIZE = 12
#: one timestamp for every member of the zip: the earliest a zip can say
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: the template: every part but the core properties, its document holding BODY where the body goes (part of
#: the code's version, generator.base.cache.code_version, like the templates of the pages)
TEMPLATE = "notice.docx"
BODY = "<!--body-->"
DOCUMENT, CORE = "word/document.xml", "docProps/core.xml"
#: the width of the text on the page, in EMU (English Metric Units: 360,000 to a centimetre): A4's 21 cm
#: less the margins of 2.8 and 2.6 cm (the template's page)
TEXT_WIDTH = int(21 * 360000) - int(2.8 * 360000) - int(2.6 * 360000)
#: EMU in a twentieth of a point, the unit of lengths in the document's XML
EMU_PER_TWIP = 635
#: the longest text a core property may hold (Word's limit)
MAX_PROPERTY = 255
_CORE_HEAD = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<cp:coreProperties "
              'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
              'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')
#: characters XML 1.0 cannot hold (python-docx refused them too, with lxml's error)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"([\t\r\n])")
#: the style ids of the paragraph styles the file uses ("Normal", the default, is named by none)
_STYLE_IDS = {"Normal": None, "Title": "Title", "Subtitle": "Subtitle", "Heading 1": "Heading1",
              "Heading 2": "Heading2"}


def notice_docx(view: NoticeView) -> bytes:
    """The Word file of the notice ``view`` shows, the same bytes for the same notice on the same day."""
    n = view.notice
    body: list[str] = [_para(n.title, "Title", "center")]
    meta = "　".join(p for p in (n.issuer, n.document_number) if p)
    body.append(_para(meta, "Subtitle", "center"))
    if n.intro:
        body.append(_para(n.intro))
    body.append(_para(f"公示期：{dates.zh_date(n.start)} 至 {dates.zh_date(n.end)}，共 {n.working_days} 个工作日"
                      "（法定节假日不计）。"))
    body.append(_para(f"反映情况截止：{dates.zh_deadline(n.end, n.closing_time)}。"))
    if n.withdrawn:
        body.append(_para(f"本公示已于{dates.zh_date(n.withdrawn.date)}撤回：{n.withdrawn.reason}"))
    _channels(body, view)

    heading = f"推荐对象名单（{view.standing} 名/个" + (f"，{view.off_list_text}" if view.off_list else "") + "）"
    body.append(_para(heading, "Heading 1"))
    for award, members in view.groups:
        _award(body, award, members)

    if n.corrections:
        body.append(_para("更正记录", "Heading 1"))
        body += [_para(f"{dates.zh_date(c.date)}：{correction_text(c)}") for c in n.corrections]
    if n.outcome:
        body.append(_para("公示结果", "Heading 1"))
        result = "公示无异议。" if n.outcome.result == "no-objection" else "名单有调整。"
        body.append(_para(f"{dates.zh_date(n.outcome.date)}公布：{result}{n.outcome.text or ''}"))

    body.append(_para("", space_before=12))
    body.append(_para(n.issuer, align="right"))
    body.append(_para(dates.zh_date(n.published, weekday=False), align="right"))

    parts = dict(_template())
    parts[DOCUMENT] = parts[DOCUMENT].replace(BODY.encode(), "".join(body).encode(), 1)
    parts[CORE] = _core(view).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(parts):
            target.writestr(_member(name), parts[name])
    return out.getvalue()


@functools.cache
def _template() -> tuple[tuple[str, bytes], ...]:
    """The parts of the template, read once per process."""
    with zipfile.ZipFile(io.BytesIO(files("generator.site").joinpath("templates", TEMPLATE).read_bytes())) as z:
        return tuple((name, z.read(name)) for name in z.namelist())


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def _twips(emu: float) -> int:
    return int(round(emu / EMU_PER_TWIP))


def _text(value: str) -> str:
    """``value`` as the text of an element."""
    if _NOT_XML.search(value):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, properties: str = "") -> str:
    """A run of text: a tab is Word's tab, a line break Word's break, spaces at either end are kept."""
    content = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{keep}>{_text(piece)}</w:t>")
    return f"<w:r>{properties}{''.join(content)}</w:r>"


def _para(text: str, style: str = "Normal", align: str | None = None, space_before: int | None = None) -> str:
    """A paragraph: Normal ones not aligned are indented by two characters (32 points), as official text is."""
    props = []
    if (style_id := _STYLE_IDS[style]) is not None:
        props.append(f'<w:pStyle w:val="{style_id}"/>')
    if space_before is not None:
        props.append(f'<w:spacing w:before="{space_before * 20}"/>')
    if style == "Normal" and align is None:
        props.append('<w:ind w:firstLine="640"/>')
    if align is not None:
        props.append(f'<w:jc w:val="{align}"/>')
    p_pr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else "<w:pPr/>"
    return f"<w:p>{p_pr}{_run(text) if text else ''}</w:p>"


def _channels(body: list[str], view: NoticeView) -> None:
    n = view.notice
    body.append(_para("反映情况的方式", "Heading 1"))
    body.append(_para(f"公示期间，如对推荐对象有异议，可在{dates.zh_deadline(n.end, n.closing_time)}前通过以下方式反映："))
    for ch in n.channels:
        body.append(_para(ch.office, "Heading 2"))
        body += [_para(line.text + (line.link or "")) for line in channel_lines(ch)]
    r = n.objection_rules
    rules = (["反映情况须署真实姓名（实名），匿名反映不予受理。"] if r.real_name else []) \
        + (["信函以寄出邮戳日期为准。"] if r.postmark else []) \
        + (["受理单位对反映人的身份和反映内容严格保密。"] if r.confidential else []) + list(r.notes)
    body += [_para(rule) for rule in rules]


def _award(body: list[str], award: Award, members: tuple[NomineeView, ...]) -> None:
    """The award's heading, its table of the nominees on the list, and those taken off it after the table."""
    on = [nv for nv in members if not nv.leaving]
    body.append(_para(f"{award.name}（{len(on)}）", "Heading 2"))
    kind = award.kind if award.kind in COLUMNS else "individual"
    columns = COLUMNS[kind]
    shares = WIDTHS[kind]
    widths = [_twips(int(TEXT_WIDTH * s / sum(shares))) for s in shares]
    grid = f'<w:gridCol w:w="{_twips(TEXT_WIDTH // len(columns))}"/>' * len(columns)
    rows = [_row(columns, widths, header=True)]
    rows += [_row((str(number), *_cells(nv.nominee, kind, nv.change)), widths) for number, nv in enumerate(on, 1)]
    body.append('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
                '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
                f'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    for nv in members:
        if nv.leaving:
            c = nv.leaving
            body.append(_para(f"{nv.nominee.name}：{CHANGE_LABELS[c.action]}（{dates.zh_date(c.date)}）：{c.text}"))


def _cells(nom: Nominee, kind: str, change: str | None) -> tuple[str, ...]:
    badge = f"（{CHANGE_LABELS[change]}）" if change in CHANGE_LABELS else ""
    if kind == "individual":
        unit = " ".join(p for p in (nom.unit, nom.position) if p)
        return nom.name + badge, nom.gender or "", unit, nom.brief_deeds
    return nom.name + badge, nom.unit or "", nom.brief_deeds


def _row(texts: tuple[str, ...], widths: list[int], header: bool = False) -> str:
    """A row of the table, the header one repeated at the top of every page the table runs over; the text at
    小四 with a line of 1.5 times its size (the paragraph style's 三号 would win over the table style's)."""
    bold = "<w:b/>" if header else '<w:b w:val="0"/>'
    run_props = f'<w:rPr>{bold}<w:sz w:val="{TABLE_SIZE * 2}"/></w:rPr>'
    spacing = f'<w:spacing w:line="{int(TABLE_SIZE * 1.5 * 20)}" w:lineRule="exact" w:after="0"/>'
    cells = []
    for text, w in zip(texts, widths):
        centre = '<w:jc w:val="center"/>' if header or len(text) <= 4 else ""
        cells.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p><w:pPr>{spacing}{centre}</w:pPr>'
                     f"{_run(text, run_props)}</w:p></w:tc>")
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{''.join(cells)}</w:tr>"


def _property(name: str, value: str, attributes: str = "") -> str:
    if len(value) > MAX_PROPERTY:
        raise ValueError(f"exceeded {MAX_PROPERTY} char limit for property, got:\n\n'{value}'")
    return f"<{name}{attributes}>{_text(value)}</{name}>"


def _core(view: NoticeView) -> str:
    """Core properties of the notice's own: its title, issuer and campaign, dated the day it was published."""
    n = view.notice
    moment = n.published.strftime("%Y-%m-%dT00:00:00Z")
    dated = ' xsi:type="dcterms:W3CDTF"'
    return (_CORE_HEAD + _property("dc:title", n.title) + _property("dc:subject", view.campaign.title)
            + _property("dc:creator", n.issuer) + "<cp:keywords>公示</cp:keywords><dc:description></dc:description>"
            + _property("cp:lastModifiedBy", n.issuer) + "<cp:revision>1</cp:revision>"
            + f"<dcterms:created{dated}>{moment}</dcterms:created><dcterms:modified{dated}>{moment}</dcterms:modified>"
            + f"<cp:category></cp:category><cp:lastPrinted>{moment}</cp:lastPrinted></cp:coreProperties>")


def fixed_zip(data: bytes) -> bytes:
    """The zip ``data`` again, its members sorted by name ([Content_Types].xml first), each with the same
    timestamp and permissions, so that the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name))
    return out.getvalue()
