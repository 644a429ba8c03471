"""Holes an outside audit found in the privacy checks, each closed: digits of every script, look-alike names,
control characters, private data in public text, every image type and zip containers."""

from __future__ import annotations

from conftest import NOMINEE, NOTICE
from generator.loader import load_site

SECRET_ID = "999999199001010014"  # the test nominee's private ID number (conftest)
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


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
