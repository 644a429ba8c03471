"""The traps a clerk falls into with Notepad, WPS and a Chinese input method: each named on its line, in
Chinese (the default), with how to fix it."""

from __future__ import annotations

from datetime import date, time

from click.testing import CliRunner

from conftest import CAMPAIGN, CONFIG, NOMINEE, NOTICE
from generator.cli import main
from generator.records.loader import load_site, record_files

N = "notices/notice.yml"
C = "notices/campaign.yml"
SECOND = NOMINEE.replace("zhang-san", "li-si").replace("张三", "李四").replace("999999199001010014", "999999199001010022")
THIRD = NOMINEE.replace("zhang-san", "wang-wu").replace("张三", "王五").replace("999999199001010014", "999999199001010030")

TAB = ("此行开头用了制表符（Tab）缩进；YAML 只能用空格缩进：请删除制表符，改用空格，与上面同一层级的字段对齐"
       "（在记事本、WPS 中按 Tab 键输入的是制表符，缩进请按空格键）")
TAB_EN = ("this line is indented with a tab character (Tab); YAML indents with spaces only: delete the tab and indent "
          "with spaces, in line with the fields above (in Notepad and WPS the Tab key types a tab: indent with the "
          "space bar)")
GBK = ("文件保存成了 GBK 编码（记事本、WPS 中叫“ANSI”），不是 UTF-8；请另存为 UTF-8：记事本中点“文件”→“另存为”，"
       "“编码”选“UTF-8”，再点“保存”；WPS 文字中点“文件”→“另存为”，文件类型选“纯文本”，编码选“Unicode (UTF-8)”，"
       "文件名仍以 .yml 结尾")
GBK_EN = ("the file is saved in the GBK encoding (\"ANSI\" in Notepad and WPS), not UTF-8; save it as UTF-8: in "
          "Notepad, File › Save As, choose Encoding UTF-8, then Save; in WPS Writer, File › Save As, choose plain "
          "text, then the encoding Unicode (UTF-8), and keep the name ending in .yml")


def messages(config) -> list[str]:
    return [str(p) for p in load_site(config).problems.sorted()]


def notice(replace: dict[str, str] | None = None, nominees: str = NOMINEE) -> str:
    text = NOTICE.format(nominees=nominees)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


# ---- a. a Tab key pressed to indent ----------------------------------------------------------

def test_a_tab_in_the_indentation_names_its_line(site, chinese):
    config = site.make(notice=notice({"  title: 测试公示\n": "\ttitle: 测试公示\n"}))
    assert messages(config) == [f"{N}:4: (syntax): {TAB}"]


def test_every_line_indented_with_a_tab_is_named_also_after_spaces(site, chinese):
    config = site.make(notice=notice({"  title: 测试公示\n": "\ttitle: 测试公示\n",
                                      "      unit: 示例公司\n": "    \t  unit: 示例公司\n"}))
    assert messages(config) == [f"{N}:4: (syntax): {TAB}", f"{N}:14: (syntax): {TAB}"]


def test_a_tab_in_english(site):
    config = site.make(notice=notice({"      name: 张三\n": "\t\tname: 张三\n"}))
    assert messages(config) == [f"{N}:12: (syntax): {TAB_EN}"]


def test_a_tab_inside_a_value_is_text(site):
    """A tab after `name:` is not indentation: the record is read (and the tab kept out of the name)."""
    loaded = load_site(site.make(notice=notice({"      name: 张三\n": "      name:\t张三\n"})))
    assert loaded.problems.items == []
    assert loaded.records.notices["test-notice"].nominees[0].name == "张三"


# ---- b. a file saved as GBK ("ANSI") -----------------------------------------------------------

def test_a_notice_saved_as_gbk_is_said_so_and_still_checked(site, chinese):
    config = site.make(notice=notice({"      gender: 男\n": "      gender: M\n"}).encode("gbk"))
    assert messages(config) == [
        f"{N}:4: (file): {GBK}",
        f"{N}:13: nominees[1].gender: 不能填“M”；请从以下选项中选一个：男、女",
    ]


def test_a_campaign_saved_as_gbk_does_not_make_its_notices_unknown(site, chinese):
    config = site.make(campaign=CAMPAIGN.encode("gb18030"))
    site.write("notices/second.yml", notice({"test-notice": "second"}))
    assert messages(config) == [f"{C}:3: (file): {GBK}"]


def test_gbk_in_english(site):
    config = site.make(campaign=CAMPAIGN.encode("gbk"))
    assert messages(config) == [f"{C}:3: (file): {GBK_EN}"]


def test_an_unreadable_campaign_does_not_make_its_notices_unknown(site, chinese):
    """A campaign file that cannot be read at all (here GBK and a Tab): its id is taken from its bytes."""
    config = site.make(campaign=CAMPAIGN.replace("  year: 2024\n", "\tyear: 2024\n").encode("gbk"))
    assert messages(config) == [f"{C}:3: (file): {GBK}", f"{C}:4: (syntax): {TAB}"]


def test_an_unreadable_campaign_whose_id_cannot_be_told(site, chinese):
    config = site.make(campaign="campaign: {id: test-campaign, title: 测试评选\n")
    assert messages(config) == [
        f"{C}:1: (syntax): 此行以 `{{` 开始的映射没有结束：各项之间用半角逗号 `,` 分隔（不要用 `，`），最后用 `}}` 结束"]


def test_a_campaign_with_a_wrong_id_does_not_make_its_notices_unknown(site, chinese):
    config = site.make(campaign=CAMPAIGN.replace("  id: test-campaign", "  id: Test_Campaign"),
                       notice=notice({"  campaign: test-campaign": "  campaign: Test_Campaign"}))
    wrong = "“Test_Campaign”不是有效的 id；只能用小写字母 a-z、数字和单个连字符，最多 64 个字符（例如 2024-city-model-workers）"
    assert messages(config) == [f"{C}:2: id: {wrong}", f"{N}:3: campaign: {wrong}"]


def test_other_unknown_campaigns_are_still_reported(site):
    config = site.make(campaign=CAMPAIGN.replace("  year: 2024\n", "\tyear: 2024\n"))
    site.write("notices/good.yml", CAMPAIGN.replace("test-campaign", "good-campaign"))
    site.write("notices/second.yml", notice({"test-notice": "second", "  campaign: test-campaign": "  campaign: nope"}))
    assert messages(config) == [
        f"{C}:4: (syntax): {TAB_EN}",
        "notices/second.yml:3: campaign: unknown campaign 'nope'; known campaigns: good-campaign",
    ]


# ---- c. record files whose extension Windows hides ---------------------------------------------

def test_a_record_saved_as_text_is_warned_about(site, chinese):
    config = site.make()
    site.write("notices/second.yml.txt", notice({"test-notice": "second"}))
    site.write("notices/sub/Third.YAML.TXT", notice({"test-notice": "third"}))
    assert messages(config) == [
        "notices/second.yml.txt: (file): 警告：此文件不会被读取：文件名以 .txt 结尾（Windows 默认隐藏扩展名）；"
        "请改名为 second.yml（在文件资源管理器的“查看”中勾选“文件扩展名”，即可看到完整文件名）",
        "notices/sub/Third.YAML.TXT: (file): 警告：此文件不会被读取：文件名以 .txt 结尾（Windows 默认隐藏扩展名）；"
        "请改名为 Third.YAML（在文件资源管理器的“查看”中勾选“文件扩展名”，即可看到完整文件名）",
    ]
    assert load_site(config).records is not None  # a warning: the site is still built


def test_a_record_saved_as_text_in_english(site):
    config = site.make()
    site.write("notices/second.yml.txt", "")
    assert messages(config) == [
        "notices/second.yml.txt: (file): warning: this file is not read: its name ends in .txt, which Windows "
        "hides; rename it to second.yml (to see the whole name, tick File name extensions in the View menu of "
        "File Explorer)"]


def test_upper_case_extensions_are_read(site):
    config = site.make()
    site.write("notices/Second.YML", notice({"test-notice": "second"}, nominees=SECOND))
    site.write("notices/third.Yaml", notice({"test-notice": "third"}, nominees=THIRD))
    assert [f.name for f in record_files(site.root / "notices")] == [
        "Second.YML", "campaign.yml", "notice.yml", "third.Yaml"]
    loaded = load_site(config)
    assert loaded.problems.items == []
    assert sorted(loaded.records.notices) == ["second", "test-notice", "third"]


# ---- d. a site_config.yml that cannot be read ----------------------------------------------------

def check_config(site, text: str | bytes) -> tuple[int, list[str]]:
    site.make()
    site.write("site_config.yml", text)
    result = CliRunner().invoke(main, ["check", "-f", str(site.root / "site_config.yml")])
    return result.exit_code, result.stderr.splitlines()


def test_site_config_with_a_syntax_error(site, chinese):
    text = CONFIG.format(extra="").replace("site_url: https:", "site_url: 'https:")  # never closed
    assert check_config(site, text) == (1, [
        "错误：site_config.yml 无法读取；请先改正以下问题：",
        "site_config.yml:2: (syntax): 此行开始的引号没有结束；请用同样的引号结束这个值（中文引号“ ”不能代替）",
    ])


def test_site_config_with_a_tab(site, chinese):
    assert check_config(site, CONFIG.format(extra="").replace("  name: material", "\tname: material")) == (1, [
        "错误：site_config.yml 无法读取；请先改正以下问题：",
        f"site_config.yml:5: (syntax): {TAB}",
    ])


def test_site_config_that_is_not_settings(site, chinese):
    assert check_config(site, "- site_name\n- site_url\n") == (1, [
        "错误：site_config.yml 无法读取；请先改正以下问题：",
        "site_config.yml:1: (file): 这里应是网站的设置，每行一个 `名称: 值`（site_name、site_url、theme、plugins）",
    ])


def test_site_config_that_is_empty(site, chinese):
    assert check_config(site, "") == (1, [
        "错误：site_config.yml 无法读取；请先改正以下问题：",
        "site_config.yml: (file): 文件是空的；请写入网站的设置（site_name、site_url、theme、plugins）",
    ])


def test_site_config_saved_as_gbk_is_read_and_said_so(site, chinese):
    code, lines = check_config(site, CONFIG.format(extra="").encode("gbk"))
    assert code == 1
    assert lines[:-1] == [f"site_config.yml:1: (file): {GBK}"]  # the last line counts the errors (cli.py)


def test_site_config_that_is_not_utf8(site, chinese):
    assert check_config(site, b"site_name: \xff\xfe\n") == (1, [
        "错误：site_config.yml 无法读取；请先改正以下问题：",
        "site_config.yml:1: (file): 不是有效的 UTF-8 编码；请把文件另存为 UTF-8 编码",
    ])


def test_site_config_problems_in_english(site):
    assert check_config(site, "- site_name\n") == (1, [
        "error: site_config.yml cannot be read; fix these problems first:",
        "site_config.yml:1: (file): expected the site's settings, one `name: value` per line (site_name, site_url, "
        "theme, plugins)",
    ])


# ---- e. an award written as its title ------------------------------------------------------------

def test_an_award_written_as_its_title_is_answered_with_its_id(site, chinese):
    config = site.make(nominees=NOMINEE.replace("award: model-worker", "award: 劳动模范"))
    assert messages(config) == [
        f"{N}:11: nominees[1].award: 请写称号“劳动模范”的 id `model-worker`，不要写称号名称：`award: model-worker`；"
        f"本次评选的称号有：collective（先进集体）、model-worker（劳动模范）"]


def test_an_unknown_award_lists_the_ids_with_their_titles(site, chinese):
    config = site.make(nominees=NOMINEE.replace("award: model-worker", "award: 劳模"))
    assert messages(config) == [
        f"{N}:11: nominees[1].award: 没有称号“劳模”；本次评选的称号有：collective（先进集体）、model-worker（劳动模范）"
        f"（请写 id）"]


def test_an_award_title_in_english(site):
    config = site.make(nominees=NOMINEE.replace("award: model-worker", "award: 先进集体"))
    assert messages(config) == [
        f"{N}:11: nominees[1].award: use the id `collective` of 先进集体, not its title: `award: collective`; "
        f"the campaign's awards are: collective (先进集体), model-worker (劳动模范)"]


# ---- f. a duplicate key, named by its entry ------------------------------------------------------

def test_a_duplicate_key_names_the_nominee(site, chinese):
    config = site.make(nominees=NOMINEE + SECOND.replace("      unit: 示例公司\n", "      unit: 示例公司\n      name: 王五\n"))
    assert messages(config) == [f"{N}:27: nominees[2].name: “李四”（id 为 li-si）这一项中字段重复（第 24 行已写过）；请只保留一个"]


def test_a_duplicate_key_in_an_entry_with_only_a_name(site, chinese):
    campaign = CAMPAIGN + "      contacts:\n        - name: 林老师\n          role: 办公室\n          role: 科室\n"
    assert messages(site.make(campaign=campaign)) == [
        f"{C}:20: default_channels[1].contacts[1].role: “林老师”这一项中字段重复（第 19 行已写过）；请只保留一个"]


def test_a_duplicate_key_outside_a_list(site, chinese):
    assert messages(site.make(notice=notice({"  level: city\n": "  level: city\n  title: 另一个标题\n"}))) == [
        f"{N}:7: title: 字段重复（第 4 行已写过）；请只保留一个"]


def test_a_duplicate_key_in_english(site):
    config = site.make(nominees=NOMINEE.replace("      region: 甲区\n", "      region: 甲区\n      unit: 另一单位\n"))
    assert messages(config) == [
        f"{N}:18: nominees[1].unit: duplicate key in 张三, id zhang-san (first given on line 14); keep only one"]


# ---- g. full-width digits and signs, as a Chinese input method types them ------------------------

def test_full_width_values_are_made_half_width(site):
    channels = ("  channels:\n    - office: 测试市总工会\n      phones: [\"０１０－１２３４５６７８\", １３８００００００００]\n"
                "      fax: \"０１０—８７６５４３２１转１２\"\n      email: ｌｉｎ＠ｅｘａｍｐｌｅ．ｏｒｇ\n"
                "      address: 测试市某路１号\n      postcode: \"１００００１\"\n")
    text = notice({"  end: 2024-09-27\n": "  end: ２０２４－０９－２７\n  closing_time: １７：３０\n"},
                  nominees=NOMINEE.replace('"999999199001010014"', "９９９９９９１９９００１０１００１Ｘ")) + channels
    loaded = load_site(site.make(notice=text))
    assert loaded.problems.items == []
    published = loaded.records.notices["test-notice"]
    channel = published.channels[0]
    assert channel.phones == ("010-12345678", "13800000000")
    assert channel.fax == "010-87654321转12"
    assert channel.email == "lin@example.org"
    assert channel.postcode == "100001"
    assert channel.address == "测试市某路１号"  # text is kept as written
    assert published.end == date(2024, 9, 27)
    assert published.closing_time == time(17, 30)
    assert loaded.private.get("test-notice", "zhang-san")["id_number"] == "99999919900101001X"


def test_a_full_width_value_that_is_wrong_is_shown_half_width(site, chinese):
    extra = "  channels:\n    - office: 甲\n      phones: [\"０１０－１２３\"]\n      email: a@example.org\n"
    assert messages(site.make(notice=notice() + extra)) == [
        f"{N}:24: channels[1].phones[1]: “010-123”不是电话号码；固定电话请写区号和连字符（\"010-12345678\"，分机写成 "
        f"\"010-12345678-123\"），手机写 11 位号码（\"13800000000\"），也可写 400/800 号码或短号热线（\"12351\"）"]


# ---- field docs, translated where they are shown ---------------------------------------------------

def test_a_missing_field_is_explained_in_chinese(site, chinese):
    config = site.make(nominees=NOMINEE.replace("      brief_deeds: 事迹简要。\n", ""))
    assert messages(config) == [
        f"{N}:10: nominees[1].brief_deeds: 缺少必填字段；请添加 `brief_deeds:`（简要事迹，不超过评选活动规定的字数（默认 500 字））"]


def test_the_json_schema_describes_the_fields_in_chinese_by_default(chinese):
    import json

    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    defs = json.loads(result.stdout)["$defs"]
    assert defs["nominee"]["description"] == "名单上的一名个人或一个集体（推荐人选）"
    assert defs["nominee"]["properties"]["award"]["description"] == "评选活动中称号的 id"
    assert defs["private"]["properties"]["id_number"]["description"] == "居民身份证号码"


# ---- other syntax traps of a Chinese input method and of copy-paste ------------------------------

def test_a_full_width_colon_after_a_field_name(site, chinese):
    config = site.make(notice=notice({"  title: 测试公示\n": "  title：测试公示\n"}))
    assert messages(config) == [
        f"{N}:4: (syntax): 字段名后面是全角冒号 `：`；请改为半角冒号加空格，例如 `title: 关于……的公示`（输入法切换到英文标点）"]


def test_a_colon_without_a_space(site, chinese):
    config = site.make(notice=notice({"  issuer: 测试市总工会\n": "  issuer:测试市总工会\n"}))
    assert messages(config) == [f"{N}:5: (syntax): `issuer:` 的冒号后面缺少空格；请写成 `issuer: 值`"]


def test_a_quote_never_closed_is_named_where_it_opens(site, chinese):
    config = site.make(notice=notice({"  title: 测试公示\n": "  title: \"测试公示\n"}))
    assert messages(config) == [
        f"{N}:4: (syntax): 此行开始的引号文字到第 20 行才结束，而且那里的引号后面还有文字：请在值结束的地方用同样的引号结束"
        f"（中文引号“ ”不能代替）"]


def test_a_control_character_pasted_from_excel(site, chinese):
    config = site.make(nominees=NOMINEE.replace("事迹简要。", "事迹\x0b简要。"))
    assert messages(config) == [
        f"{N}:18: (file): 此行有一个看不见的控制字符（U+000B），常见于从 Excel 或 Word 复制粘贴的内容；请删除它，"
        f"例如把这一处的文字重新输入一遍"]


def test_a_notice_saved_as_utf16(site, chinese):
    config = site.make(notice=notice().encode("utf-16"))
    assert messages(config) == [
        f"{N}:1: (file): 文件保存成了 Unicode（UTF-16）编码，不是 UTF-8；请另存为 UTF-8：记事本中点“文件”→“另存为”，"
        f"“编码”选“UTF-8”，再点“保存”"]


def test_a_utf8_file_with_one_damaged_character_is_not_taken_for_gbk(site, chinese):
    config = site.make(notice=notice().encode() + b"  intro: \xe6\xb5\n")
    assert messages(config) == [f"{N}:22: (file): 不是有效的 UTF-8 编码；请把文件另存为 UTF-8 编码"]


def test_full_width_whole_numbers_are_read_as_numbers(site):
    loaded = load_site(site.make(campaign=CAMPAIGN + "  min_working_days: ６\n  brief_deeds_limit: ３００\n",
                                 notice=notice({"  end: 2024-09-27\n": "  end: 2024-09-30\n"})))
    assert loaded.problems.items == []
    assert loaded.records.campaigns["test-campaign"].min_working_days == 6
    assert loaded.records.campaigns["test-campaign"].brief_deeds_limit == 300


def test_a_markdown_page_saved_as_gbk_is_said_so_with_its_own_suffix(site, chinese):
    config = site.make()
    site.write("content/help.md", "# 如何反映情况\n\n公示期内可以反映情况。\n".encode("gb18030"))
    assert messages(config) == ["content/help.md:1: (file): " + GBK.replace("以 .yml 结尾", "以 .md 结尾")]
