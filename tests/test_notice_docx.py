"""The notice as a Word file: laid out as an official notice, the list as the page has it, reproducible,
linked from the page and notice.json, and never holding a private value (the audit reads inside it)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone

import docx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import CAMPAIGN, SiteMaker
from generator.base import dates
from generator.cli import main
from generator.output.audit import audit_site
from generator.records.loader import load_site
from generator.site.notice_docx import ZIP_TIME, notice_docx
from generator.site.views import views
from list_fixtures import CANARIES, NOW, list_notice, make_site

DOCX = "notices/test-notice/notice.docx"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--lang", "en"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("docx")
    config = make_site(SiteMaker(root))
    out = root / "out"
    result = run("build", "-f", str(config), "--out", str(out), "--now", NOW)
    assert result.exit_code == 0, result.output
    return config, out


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_the_word_file_is_laid_out_as_an_official_notice(built):
    _, out = built
    d = docx.Document(str(out / DOCX))
    paragraphs = d.paragraphs
    assert (paragraphs[0].text, paragraphs[0].alignment) == ("测试公示", WD_ALIGN_PARAGRAPH.CENTER)
    assert (paragraphs[1].text, paragraphs[1].alignment) == ("测试市总工会　测工字〔2024〕1号", WD_ALIGN_PARAGRAPH.CENTER)
    assert texts(d)[2:5] == ["经推荐和审核，现将推荐对象予以公示。",
                             "公示期：2024年9月23日（星期一） 至 2024年9月27日（星期五），共 5 个工作日（法定节假日不计）。",
                             "反映情况截止：2024年9月27日（星期五）24:00。"]
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["反映情况的方式", "测试市总工会", "推荐对象名单（3 名/个，另有 1 名/个已撤销推荐）",
                        "劳动模范（2）", "先进集体（1）", "更正记录"]
    assert "电话：0000-1234567" in texts(d)
    # 落款: the issuer and the published day, right-aligned, last
    assert [(p.text, p.alignment) for p in paragraphs[-2:]] == [
        ("测试市总工会", WD_ALIGN_PARAGRAPH.RIGHT), ("2024年9月20日", WD_ALIGN_PARAGRAPH.RIGHT)]
    normal = d.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"


def test_the_tables_hold_the_nominees_on_the_list_and_the_withdrawn_follow_them(built):
    _, out = built
    d = docx.Document(str(out / DOCX))
    rows = [[[c.text for c in row.cells] for row in table.rows] for table in d.tables]
    assert rows == [
        [["序号", "姓名", "性别", "工作单位及职务", "简要事迹"],
         ["1", "张三", "男", "示例公司 技术员", "张三的事迹简要。"],
         ["2", "王五（递补）", "男", "示例医院 医生", "王五的事迹简要。"]],
        [["序号", "单位名称", "所属单位", "简要事迹"], ["1", "示例车间", "示例公司", "示例车间的事迹简要。"]],
    ]
    assert "李四：已撤销推荐（2024年9月24日（星期二））：本人申请退出。" in texts(d)
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in d.tables)


def test_the_footer_numbers_the_pages_with_a_page_field(built):
    _, out = built
    footer = docx.Document(str(out / DOCX)).sections[0].footer.paragraphs[0]
    instructions = [e.text for e in footer._p.iter(qn("w:instrText"))]
    kinds = [e.get(qn("w:fldCharType")) for e in footer._p.iter(qn("w:fldChar"))]
    assert (instructions, kinds, footer.text) == ([" PAGE "], ["begin", "separate", "end"], "— 1 —")


def test_the_word_file_has_the_same_bytes_for_the_same_notice(site):
    config = make_site(site)
    loaded = load_site(config)
    view, = views(loaded.records, dates.parse_now(NOW))
    first = notice_docx(view)
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        names = z.namelist()
        assert names == sorted(names) and names[0] == "[Content_Types].xml"
        assert {info.date_time for info in z.infolist()} == {ZIP_TIME}
        assert not [n for n in names if "thumbnail" in n]
    assert notice_docx(view) == first
    props = docx.Document(io.BytesIO(first)).core_properties
    assert (props.title, props.author, props.created, props.modified, props.revision) == (
        "测试公示", "测试市总工会", datetime(2024, 9, 20, tzinfo=timezone.utc), datetime(2024, 9, 20, tzinfo=timezone.utc), 1)


def test_the_page_and_notice_json_link_the_word_file(built):
    _, out = built
    page = BeautifulSoup((out / "notices/test-notice/index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("aside.gs-downloads a")}
    assert links["公示全文（Word）"] == "notice.docx"
    data = json.loads((out / "notices/test-notice/notice.json").read_text(encoding="utf-8"))
    assert data["docx"] == "https://test.example.org/notices/test-notice/notice.docx"


def test_no_private_value_is_in_the_word_file_and_the_audit_reads_inside_it(built):
    config, out = built
    with zipfile.ZipFile(out / DOCX) as z:
        every = "".join(z.read(name).decode("utf-8", errors="replace") for name in z.namelist())
    d = docx.Document(str(out / DOCX))
    shown = "\n".join(texts(d) + [c.text for t in d.tables for row in t.rows for c in row.cells])
    assert [v for v in CANARIES.values() if v in every or v in shown] == []
    result = run("audit", "-f", str(config), str(out))
    assert result.exit_code == 0, result.output
    # a public value the Word file shows, were it private: the audit (what `gongshi audit` runs) finds it inside
    loaded = load_site(config)
    findings = audit_site(out, [*loaded.private.values(), "示例车间的事迹简要"], loaded.records)
    assert f"{DOCX}!word/document.xml" in {f.path for f in findings}


def test_the_audit_finds_a_value_word_split_into_runs(tmp_path):
    member = '<w:p><w:r><w:t>金丝雀</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>内部备注</w:t></w:r></w:p>'
    blob = io.BytesIO()
    with zipfile.ZipFile(blob, "w") as z:
        z.writestr("word/document.xml", member)
    (tmp_path / "n.docx").write_bytes(blob.getvalue())
    found = audit_site(tmp_path, ["金丝雀内部备注"], None)
    assert [(f.path, f.kind, f.shown) for f in found] == [("n.docx!word/document.xml", "private value", "金丝雀***备注")]


@pytest.mark.parametrize("deeds", ['"张三的事迹 & <简要>。"', '" 前后有空格 "', '"一行\\n又一行\\t制表"', '"全角空格　"'])
def test_the_word_file_is_the_one_python_docx_wrote(site, deeds):
    """The XML written from the template is the XML python-docx wrote for the same notice, byte for byte, also
    for the characters XML escapes, spaces at the ends of a text, line breaks and tabs."""
    from notice_docx_reference import notice_docx as reference

    config = site.make(notice=list_notice().replace("brief_deeds: 张三的事迹简要。", f"brief_deeds: {deeds}"),
                       campaign=CAMPAIGN)
    loaded = load_site(config)
    assert not loaded.problems.errors, loaded.problems.sorted()
    view, = views(loaded.records, dates.parse_now(NOW))
    assert notice_docx(view) == reference(view)


def test_a_part_two_word_files_share_is_audited_in_each(tmp_path):
    """The audit reads a member it has read before (by its bytes) once, but reports it in every file holding it,
    at that file's path, nested zips too."""
    member = '<w:p><w:r><w:t>金丝雀</w:t></w:r><w:r><w:t>内部备注</w:t></w:r></w:p>'
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("word/styles.xml", member)
    for name in ("a.docx", "b.docx"):
        (tmp_path / name).write_bytes(inner.getvalue())
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("c.docx", inner.getvalue())
    (tmp_path / "d.zip").write_bytes(outer.getvalue())
    found = audit_site(tmp_path, ["金丝雀内部备注"], None)
    assert [(f.path, f.kind, f.shown) for f in found] == [
        ("a.docx!word/styles.xml", "private value", "金丝雀***备注"),
        ("b.docx!word/styles.xml", "private value", "金丝雀***备注"),
        ("d.zip!c.docx!word/styles.xml", "private value", "金丝雀***备注")]
