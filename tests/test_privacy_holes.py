"""Holes an outside audit found in the privacy checks, each closed: digits of every script, look-alike names,
control characters, private data in public text, every image type and zip containers."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner
from PIL import Image

import photo_fixtures
from conftest import CAMPAIGN, NOMINEE, NOTICE
from generator.cli import main
from generator.records.loader import load_site

SECRET_ID = "999999199001010014"  # the test nominee's private ID number (conftest)
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
#: the stories' authors, as every story must name one of them
AUTHORS = "authors:\n  press:\n    name: 测试市总工会宣传部\n    description: 新闻宣传\n    avatar: assets/press.png\n"


def nominee(nid: str = "li-si", name: str = "李四", id_number: str = "999999198001010012", unit: str = "示例公司",
            extra: str = "") -> str:
    """A second entry like conftest's, with its own id, name, unit and private ID number."""
    return (NOMINEE.replace("zhang-san", nid).replace("张三", name).replace("示例公司", unit)
            .replace(SECRET_ID, id_number).replace("13900000001", "13900000002")
            .replace("      private:", extra + "      private:"))


def problems(config) -> list[str]:
    return [str(p) for p in load_site(config).problems.sorted()]


def line_of(site, rel: str, text: str, after: str = "") -> int:
    """The line of the first line holding ``text`` (after the first holding ``after``) in a site's file."""
    lines = (site.root / rel).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


# ---------------------------------------------------------------- 8: digits of every script


def test_id_number_in_arabic_indic_digits_is_the_same_person(site, chinese):
    """The same ID number written in Arabic-Indic digits is found as the same person in one notice."""
    config = site.make(nominees=NOMINEE + nominee(id_number=SECRET_ID.translate(ARABIC)))
    line = line_of(site, "notices/notice.yml", "private:", after="li-si")
    assert problems(config) == [
        f"notices/notice.yml:{line}: nominees[2].private.id_number: 与推荐对象“zhang-san”的身份证号码相同；"
        "同一人在一份公示中只能推荐一次"]
    assert load_site(site.make(nominees=NOMINEE + nominee(id_number="٩" * 18))).private is not None  # well formed


def test_id_number_in_other_digits_is_checked_and_kept_in_ascii(site):
    """An ID number typed in Arabic-Indic or full-width digits is kept in ASCII digits, the one form every
    comparison sees; 17 such digits and a letter are still not an ID number."""
    mixed = SECRET_ID[:6].translate(FULL) + SECRET_ID[6:].translate(ARABIC)
    loaded = load_site(site.make(nominees=NOMINEE.replace(SECRET_ID, mixed)))
    assert loaded.private.get("test-notice", "zhang-san")["id_number"] == SECRET_ID
    config = site.make(nominees=nominee(id_number=("99999919800101001" + "A").translate(ARABIC)))
    line = line_of(site, "notices/notice.yml", "id_number:")
    assert problems(config) == [f"notices/notice.yml:{line}: nominees[1].private.id_number: not an 18-character "
                                "resident ID number (17 digits and a digit or X)"]


def test_id_number_in_other_digits_is_found_in_another_notice(site, chinese):
    """Across notices the ID numbers are compared as salted hashes: of their ASCII form."""
    config = site.make()
    second = NOTICE.format(nominees=nominee(id_number=SECRET_ID.translate(FULL)[:9] + SECRET_ID[9:].translate(ARABIC)))
    site.write("notices/second.yml", second.replace("test-notice", "second-notice"))
    assert problems(config) == [
        "notices/notice.yml:10: nominee: 与 second-notice/li-si 的身份证号码相同：同一人出现在同一评选表彰活动的"
        "两份全市公示中（second-notice/li-si 与 test-notice/zhang-san）"]


# ---------------------------------------------------------------- 9: look-alike names


def test_invisible_and_direction_characters_are_refused_with_their_code_point(site, chinese):
    """Written as such (U+200B, U+2060) or as YAML escapes (U+202E), in any text field, private ones included."""
    config = site.make(nominees=NOMINEE.replace("name: 张三", "name: 张\u200b三")
                       .replace("unit: 示例公司", 'unit: "\\u202e司公例示"')
                       .replace("brief_deeds: 事迹简要。", "brief_deeds: 事迹\u2060简要。")
                       .replace("phone: \"13900000001\"", "phone: \"139\u200d00000001\""))
    at = lambda text: line_of(site, "notices/notice.yml", text)  # noqa: E731
    assert problems(config) == sorted([
        f"notices/notice.yml:{at('name: 张')}: nominees[1].name: 不可见字符 U+200B（ZERO WIDTH SPACE）会使看起来相同的"
        "文字实际不同；请删除",
        f"notices/notice.yml:{at('unit:')}: nominees[1].unit: 方向控制字符 U+202E（RIGHT-TO-LEFT OVERRIDE）会改变文字"
        "显示的顺序；请删除",
        f"notices/notice.yml:{at('brief_deeds:')}: nominees[1].brief_deeds: 不可见字符 U+2060（WORD JOINER）会使看起来"
        "相同的文字实际不同；请删除",
        f"notices/notice.yml:{at('phone:')}: nominees[1].private.phone: 不可见字符 U+200D（ZERO WIDTH JOINER）会使看起来"
        "相同的文字实际不同；请删除",
    ])


def test_names_alike_after_nfkc_are_the_same_name(site, chinese):
    """A Kangxi radical (⼤) and full-width letters (ＡＢ) do not hide a second entry of one person."""
    config = site.make(nominees=nominee("wang-1", "王大力") + nominee("wang-2", "王⼤力", "999999198001010039")
                       + nominee("li-1", "李AB", "999999198001010047") + nominee("li-2", "李ＡＢ", "999999198001010055"))
    at = lambda nid: line_of(site, "notices/notice.yml", f"id: {nid}")  # noqa: E731
    assert problems(config) == [
        f"notices/notice.yml:{at('wang-2')}: nominee: 警告：示例公司的王⼤力与 test-notice/wang-1 同名同单位，"
        "但身份证号码不同；请核实是否为同一人",
        f"notices/notice.yml:{at('li-2')}: nominee: 警告：示例公司的李ＡＢ与 test-notice/li-1 同名同单位，"
        "但身份证号码不同；请核实是否为同一人",
    ]


def test_rare_characters_outside_the_basic_plane_stay_as_written(site):
    config = site.make(nominees=nominee("ji-tian", "𠮷田", unit="𡈽木公司") + nominee("ji-tian-2", "吉田", "999999198001010039",
                                                                               unit="土木公司"))
    loaded = load_site(config)
    assert problems(config) == []
    assert [(n.name, n.unit) for n in loaded.records.notices["test-notice"].nominees] == [
        ("𠮷田", "𡈽木公司"), ("吉田", "土木公司")]


# ---------------------------------------------------------------- 10: control characters


def test_control_characters_in_a_name_are_a_check_error_not_a_crash(site, tmp_path, chinese):
    config = site.make(nominees=NOMINEE.replace("name: 张三", 'name: "张\\0三"')
                       + nominee("li-si", '"李\\b四"', "999999198001010039") + nominee("wang-wu", '"王\\e五"', "999999198001010047"))
    at = lambda nid: line_of(site, "notices/notice.yml", "name:", after=f"id: {nid}")  # noqa: E731
    message = "控制字符 {code} 无法发布（订阅源和网页都不能包含它）；请删除，例如重新输入其前后的文字"
    expected = [f"notices/notice.yml:{at('zhang-san')}: nominees[1].name: " + message.format(code="U+0000"),
                f"notices/notice.yml:{at('li-si')}: nominees[2].name: " + message.format(code="U+0008"),
                f"notices/notice.yml:{at('wang-wu')}: nominees[3].name: " + message.format(code="U+001B")]
    assert problems(config) == expected
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(tmp_path / "out"),
                                       "--now", "2024-09-24T12:00+08:00"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # an error, not a crash
    assert [line for line in result.stderr.splitlines() if line.startswith("notices/")] == expected


# ---------------------------------------------------------------- 7: private data in public text




def own_value(site, key: str, field: str = "居民身份证号码") -> str:
    """The message of a text holding zhang-san's private ``key``, in Chinese."""
    line = line_of(site, "notices/notice.yml", f"{key}:", after="private:")
    return (f"此处文字含有推荐对象 test-notice/zhang-san 的非公开信息（{field}，`private.{key}`，"
            f"notices/notice.yml:{line}）；请在此处删除：`private:` 下的信息一律不公示")


@pytest.mark.parametrize("written", [
    "身份证号 999999 19900101 0014",  # the audit's reproduction: the nominee's own number, with spaces
    "身份证号 999999-19900101-0014",
    "身份证号 9999 9919 9001 0100 14",  # 4-4-4-4-2, as on a bank form
    "身份证号 ９９９９９９１９９００１０１００１４",
    "身份证号 ٩٩٩٩٩٩١٩٩٠٠١٠١٠٠١٤",
])
def test_a_private_id_number_in_public_text_is_a_check_error(site, chinese, written):
    config = site.make(nominees=NOMINEE.replace("brief_deeds: 事迹简要。", f"brief_deeds: {written}"))
    assert problems(config) == [
        f"notices/notice.yml:{line_of(site, 'notices/notice.yml', 'brief_deeds:')}: nominees[1].brief_deeds: "
        + own_value(site, "id_number")]


@pytest.mark.parametrize("written", ["139.0000.0001", "139-0000-0001", "139 0000 0001", "1390000 0001"])
def test_a_private_phone_in_public_text_is_a_check_error(site, chinese, written):
    """In another nominee's entry and in the notice's own text: any private value of any nominee."""
    config = site.make(notice=NOTICE.format(nominees=NOMINEE + nominee(extra=f"      remarks: 联系 {written}\n"))
                       .replace("  level: city", f"  intro: 咨询电话 {written}。\n  level: city"))
    at = lambda text: line_of(site, "notices/notice.yml", text)  # noqa: E731
    message = own_value(site, "phone", "推荐对象本人的电话号码")
    assert problems(config) == [f"notices/notice.yml:{at('intro:')}: intro: {message}",
                                f"notices/notice.yml:{at('remarks:')}: nominees[2].remarks: {message}"]


def test_other_id_numbers_and_mobiles_in_public_text_are_check_errors(site, chinese):
    """A valid ID number of nobody in the records, and a mobile that is no channel's; a channel's mobile and an
    18-digit number without a valid check digit pass."""
    channels = '  channels:\n    - office: 受理处\n      phones: ["138-1234-5678"]\n'
    remarks = "      remarks: 身份证 1101 0519 4912 3100 2X，电话 13712345678，受理 138 1234 5678，编号 110105194912310029\n"
    config = site.make(notice=NOTICE.format(nominees=NOMINEE.replace("      private:", remarks + "      private:"))
                       + channels)
    at = f"notices/notice.yml:{line_of(site, 'notices/notice.yml', 'remarks:')}: nominees[1].remarks: "
    assert problems(config) == [
        at + "此处文字含有不属于任何受理渠道的手机号码；请删除；如果它是受理部门的号码，请填在 `channels:` 中该部门之下",
        at + "此处文字含有居民身份证号码；请删除：身份证号码一律不公示"]


def test_short_private_values_are_matched_as_phrases_of_their_own_nominee(site, chinese):
    """有处分 and 幸福里7栋 are found where they stand alone in the nominee's own fields, not inside ordinary text
    (没有处分) nor in another nominee's entry (the rule of the README's Security section)."""
    private = '        notes: "有处分"\n        address: "幸福里７栋"\n'
    first = (NOMINEE.replace("brief_deeds: 事迹简要。", "brief_deeds: 没有处分记录，住在幸福里7栋楼下。")
             .replace("        phone:", private + "        phone:")
             .replace("      private:", "      remarks: 审核：有处分。住址：幸福里7栋\n      private:"))
    config = site.make(nominees=first + nominee(extra="      remarks: 有处分\n"))
    at = f"notices/notice.yml:{line_of(site, 'notices/notice.yml', 'remarks:')}: nominees[1].remarks: "
    assert problems(config) == [at + own_value(site, "address", "家庭住址"),
                                at + own_value(site, "notes", "经办人的内部备注")]


def test_private_data_in_a_markdown_page_is_a_check_error_at_its_line(site, chinese):
    site.write("content/stories/.authors.yml", AUTHORS)
    site.write("content/stories/posts/one.md", "---\ndate: 2024-09-24\ntitle: 报道一\ndescription: 摘要。\n"
               "authors: [press]\nslug: story-one\n---\n\n采访张三（电话 139-0000-0001）。\n\n身份证 1101 0519 4912 3100 2X\n")
    config = site.make()
    assert problems(config) == [
        "content/stories/posts/one.md:9: (markdown): " + own_value(site, "phone", "推荐对象本人的电话号码"),
        "content/stories/posts/one.md:11: (markdown): 此处文字含有居民身份证号码；请删除：身份证号码一律不公示"]


def test_check_and_audit_match_the_same_forms(site, tmp_path):
    """One normal form for both: what check refuses in a record the audit finds in a built file."""
    config = site.make()
    out = tmp_path / "public"
    assert CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out),
                                     "--now", "2024-09-24T12:00+08:00"]).exit_code == 0
    forms = {"spaces.html": "999999 19900101 0014", "grouped.html": "9999 9919 9001 0100 14",
             "joiner.html": "139\u200d0000\u20600001", "dots.html": "139.0000.0001",
             "arabic.html": SECRET_ID.translate(ARABIC), "other-id.html": "1101-0519-4912-3100-2X",
             "other-mobile.html": "137 1234 5678"}
    for name, text in forms.items():
        (out / name).write_text(f"<p>号码：{text}</p>", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", "-f", str(config), str(out)])
    assert result.exit_code == 1
    findings = sorted(line for line in result.stderr.splitlines() if line.split(":")[0] in forms)
    assert findings == [
        "arabic.html:6: private value: 999*************14", "dots.html:6: private value: 139******01",
        "grouped.html:6: private value: 999*************14", "joiner.html:6: private value: 139******01",
        "other-id.html:6: ID number: 110*************2X", "other-mobile.html:6: mobile number: 137******78",
        "spaces.html:6: private value: 999*************14"]


# ---------------------------------------------------------------- 22: a channel's number that is private


def test_a_private_phone_given_as_a_channel_says_whose_and_what_to_do(site, chinese):
    channels = ('  channels:\n    - office: 受理处\n      contacts:\n        - name: 林老师\n'
                '          phone: "139-0000-0001"\n')
    config = site.make(notice=NOTICE.format(nominees=NOMINEE) + channels)
    phone = line_of(site, "notices/notice.yml", "phone:", after="private:")
    assert problems(config) == [
        f"notices/notice.yml:{line_of(site, 'notices/notice.yml', 'phone:', after='contacts:')}: "
        f"channels[1].contacts[1].phone: 这也是推荐对象 test-notice/zhang-san 的非公开信息（推荐对象本人的电话号码，"
        f"`private.phone`，notices/notice.yml:{phone}），而受理渠道的联系方式是公开的：如果它属于受理部门，请从该"
        "推荐对象的 `private:` 中删除；如果是推荐对象本人的，请在此处改填受理部门自己的联系方式"]


# ---------------------------------------------------------------- 6: one image policy


NOW = "2024-09-24T12:00+08:00"
REFUSED = ("{suffix} 格式的图片不会原样发布（其中可能带有相机记录的元数据，包括 GPS 位置），构建时只对 JPEG、PNG 和 WebP "
           "照片重新编码；请另存为 JPEG 后使用该文件，或删除它")


def tiff_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = photo_fixtures.CANARIES[0]  # Artist
    out = io.BytesIO()
    photo_fixtures.portrait(40, 30).save(out, "TIFF", exif=exif)
    return out.getvalue()


def heic_with_exif() -> bytes:
    """The boxes of a HEIC file as an iPhone writes them, enough to be told by its bytes: ftyp heic, then a
    meta box with an Exif item (Pillow cannot open it, so its metadata is found in its bytes)."""
    exif = b"\x00\x00\x00\x06Exif\x00\x00MM\x00*\x00\x00\x00\x08" + photo_fixtures.CANARIES[1].encode()
    ftyp = b"ftypheic\x00\x00\x00\x00mif1heic"
    meta = b"meta\x00\x00\x00\x00" + b"\x00\x00\x00\x15infe\x02\x00\x00\x00\x00\x01\x00\x00Exif" + exif
    return (len(ftyp) + 4).to_bytes(4, "big") + ftyp + (len(meta) + 4).to_bytes(4, "big") + meta


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_images_under_content_are_re_encoded_or_refused(site, chinese):
    """A camera's TIFF, HEIC, GIF or BMP under content/ is an error naming the file, referenced or not."""
    for name in ("content/figures/camera.tif", "content/stories/IMG_0001.HEIC", "content/a.gif", "content/b.bmp"):
        site.write(name, b"\0")
    site.write("content/figures/zhang-san.md", "---\nname: 张三\nphoto: camera.tif\nphoto_alt: 肖像\n---\n正文\n")
    assert problems(site.make()) == [
        "content/a.gif: (file): " + REFUSED.format(suffix=".gif"),
        "content/b.bmp: (file): " + REFUSED.format(suffix=".bmp"),
        "content/figures/camera.tif: (file): " + REFUSED.format(suffix=".tif"),
        "content/figures/zhang-san.md:3: photo: camera.tif: " + REFUSED.format(suffix=".tif"),
        "content/stories/IMG_0001.HEIC: (file): " + REFUSED.format(suffix=".heic")]


def test_jpeg_under_every_name_is_re_encoded_and_never_copied(site, tmp_path):
    """.jfif (Windows' name for a camera JPEG) and .jpe photos are re-encoded like .jpg ones; the originals, with
    their GPS, are not published, referenced or not."""
    site.write("notices/photos/zhang-san.jfif", photo_fixtures.jpeg_with_canaries())
    site.write("content/figures/zhang-san.jpe", photo_fixtures.jpeg_with_canaries(orientation=1))
    site.write("content/figures/unused.jfif", photo_fixtures.jpeg_with_canaries())
    site.write("content/figures/zhang-san.md", "---\nname: 张三\nphoto: zhang-san.jpe\nphoto_alt: 肖像\n---\n正文\n")
    config = site.make(nominees=NOMINEE.replace("      brief_deeds", "      photo: photos/zhang-san.jfif\n"
                                                                     "      photo_alt: 张三在车间\n      brief_deeds"))
    out = tmp_path / "public"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert result.exit_code == 0, result.output
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert [p for p in built if p.endswith((".jfif", ".jpe"))] == []
    # the nominee photo 300 px wide (one width), the figure photo 400 px (320 and 400): WebP and JPEG each
    assert len([p for p in built if p.startswith("photos/")]) == 6
    leaks = [(p, c) for p in built for c in photo_fixtures.CANARIES if c.encode() in (out / p).read_bytes()]
    assert leaks == []


def test_audit_reads_every_image_type_and_inside_zip_containers(site, tmp_path):
    config = site.make()
    out = tmp_path / "public"
    assert CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW]).exit_code == 0
    jpeg = photo_fixtures.jpeg_with_canaries()
    (out / "camera.jfif").write_bytes(jpeg)
    (out / "camera.jpe").write_bytes(jpeg)
    (out / "scan.tif").write_bytes(tiff_with_exif())
    (out / "IMG_0001.heic").write_bytes(heic_with_exif())
    (out / "download.bin").write_bytes(jpeg)  # a JPEG by its bytes, whatever its name
    sheet = f'<sst><si><t>张三</t></si><si><t>{SECRET_ID}</t></si></sst>'.encode()
    (out / "nominees.xlsx").write_bytes(zipped({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": sheet}))
    (out / "report.docx").write_bytes(zipped({"word/document.xml": "<w:t>推荐材料</w:t>".encode(),
                                               "word/media/image1.jpeg": jpeg}))
    result = CliRunner().invoke(main, ["audit", "-f", str(config), str(out)])
    assert result.exit_code == 1
    jpeg_blocks = ("APP1", "APP13", "comment", "exif", "photoshop", "xmp")
    assert [line for line in result.stderr.splitlines() if re.match(r"\S+:\d+: ", line)] == [
        "IMG_0001.heic:0: image metadata: exif",
        *(f"camera.jfif:0: image metadata: {block}" for block in jpeg_blocks),
        *(f"camera.jpe:0: image metadata: {block}" for block in jpeg_blocks),
        *(f"download.bin:0: image metadata: {block}" for block in jpeg_blocks),
        "nominees.xlsx!xl/sharedStrings.xml:30: private value: 999*************14",
        *(f"report.docx!word/media/image1.jpeg:0: image metadata: {block}" for block in jpeg_blocks),
        "scan.tif:0: image metadata: exif",
    ]


def test_zip_containers_are_read_within_bounds(monkeypatch):
    """A zip bomb is not unpacked whole: each member and all members together are read up to a bound."""
    from generator.output import audit

    monkeypatch.setattr(audit, "ZIP_MEMBER_BYTES", 1000)
    monkeypatch.setattr(audit, "ZIP_TOTAL_BYTES", 1500)
    data = zipped({"a.xml": b"a" * 5000, "b.xml": b"b" * 5000, "c.xml": b"c" * 5000})
    assert [(name, len(content)) for name, content in audit.zip_members(data)] == [("a.xml", 1000), ("b.xml", 500)]


def test_control_characters_in_a_markdown_page_are_a_check_error(site, chinese):
    """A story's body goes into the stories feeds, whose XML cannot hold a control character either."""
    site.write("content/stories/.authors.yml", AUTHORS)
    site.write("content/stories/posts/one.md", "---\ndate: 2024-09-24\ntitle: 报道一\ndescription: 摘要。\n"
               "authors: [press]\nslug: story-one\n---\n\n正文\b控制。\n\n换页\f之后\x1b。\n")
    site.write("content/two.md", "---\ntitle: 二\n---\n正文\x00\n")
    message = "控制字符 {code} 无法发布（订阅源和网页都不能包含它）；请删除，例如重新输入其前后的文字"
    assert problems(site.make()) == [
        "content/stories/posts/one.md:9: (markdown): " + message.format(code="U+0008"),
        "content/stories/posts/one.md:11: (markdown): " + message.format(code="U+000C"),
        "content/two.md:4: (markdown): " + message.format(code="U+0000")]


def test_a_short_private_number_is_not_found_inside_a_longer_one(site, chinese):
    """A birth date written as 出生年月 (199001) is found as a number of its own, not inside a landline."""
    config = site.make(nominees=NOMINEE.replace("        phone:", '        birth_date: "1990-01"\n        phone:')
                       .replace("brief_deeds: 事迹简要。", "brief_deeds: 单位电话 0755-19900123。\n      remarks: 生于 1990.01。"))
    assert problems(config) == [
        f"notices/notice.yml:{line_of(site, 'notices/notice.yml', 'remarks:')}: nominees[1].remarks: "
        + own_value(site, "birth_date", "出生年月")]


def test_a_private_phone_given_as_a_campaign_channel_in_english(site):
    campaign = CAMPAIGN.replace('phones: ["0000-1234567"]', 'phones: ["0000-1234567", "13900000001"]')
    config = site.make(campaign=campaign)
    phone = line_of(site, "notices/notice.yml", "phone:", after="private:")
    assert problems(config) == [
        f"notices/campaign.yml:{line_of(site, 'notices/campaign.yml', 'phones:')}: default_channels[1].phones[2]: "
        f"this is also a private value of nominee test-notice/zhang-san (the nominee's own phone number, "
        f"`private.phone`, notices/notice.yml:{phone}), and what a channel gives is published: if it belongs to the "
        "receiving office, delete it from that nominee's `private:`; if it is the nominee's own, give the office's "
        "own here instead"]


def test_digits_inside_a_digest_are_not_a_mobile_number(tmp_path):
    """Photo names and the search index's version are hexadecimal digests; their digits now and then read
    like a mobile number, which made the audit fail a build at random."""
    from generator.output.audit import audit_site, site_files
    from generator.records.leaks import numbers

    (tmp_path / "entry.json").write_text('{"shards": 4, "version": "16135156406eae58"}', encoding="utf-8")
    (tmp_path / "index.html").write_text('<img src="photos/eeae13912345678fb54238cd-960.webp">'
                                         "<p>联系电话13912345678</p>", encoding="utf-8")
    findings = audit_site(tmp_path, [], None, site_files(tmp_path))
    assert [(f.path, f.kind) for f in findings] == [("index.html", "mobile number")]
    assert [n.digits for n in numbers("abc13912345678 x13912345678")] == ["13912345678", "13912345678"]
