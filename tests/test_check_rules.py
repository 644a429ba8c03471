"""Each validation rule, through the whole loader, with its exact message."""

from __future__ import annotations

from datetime import date

import pytest

import photo_fixtures
from conftest import CAMPAIGN, NOMINEE, NOTICE
from generator.records.loader import load_site

N = "notices/notice.yml"


def messages(config) -> list[str]:
    return [str(p) for p in load_site(config).problems.sorted()]


def notice_with(site, replace: dict[str, str] | None = None, nominees: str = NOMINEE, extra: str = "") -> list[str]:
    text = NOTICE.format(nominees=nominees) + extra
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return messages(site.make(notice=text))


def test_valid_site_has_no_problem(site):
    loaded = load_site(site.make())
    assert loaded.problems.items == []
    assert loaded.records is not None
    notice = loaded.records.notices["test-notice"]
    assert notice.working_days == 5
    assert notice.published == date(2024, 9, 23)
    assert notice.channels[0].office == "测试市总工会"  # the campaign's default channels


# ---- quoting traps in text fields ------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("phones", '[0000-1234567, 13800000000]',
     'default_channels[1].phones[2]: YAML reads unquoted 13800000000 as a number (leading zeros and long digits '
     'are lost); quote it: "13800000000"'),
])
def test_unquoted_phone_in_campaign(site, field, value, message):
    text = CAMPAIGN.replace('phones: ["0000-1234567"]', f"{field}: {value}")
    assert messages(site.make(campaign=text)) == [f"notices/campaign.yml:16: {message}"]


def test_unquoted_values_in_a_notice(site):
    got = notice_with(site, {"  end: 2024-09-27\n": "  end: 2024-09-27\n  closing_time: 17:30\n"},
                      nominees=NOMINEE.replace('"13900000001"', "13900000001").replace("男", "no"),
                      extra="  channels:\n    - office: 甲\n      phones: [12345678]\n      postcode: 100000\n"
                            "      address: 某地\n      email: 'a@b.example'\n")
    assert got == [
        f"{N}:9: closing_time: YAML reads unquoted 17:30 as the base-60 number 1050; quote it: \"17:30\"",
        f"{N}:14: nominees[1].gender: YAML reads unquoted no as true/false; quote it: \"no\"",
        f"{N}:22: nominees[1].private.phone: YAML reads unquoted this private value as a number "
        f"(leading zeros and long digits are lost); quote it",
        f"{N}:25: channels[1].phones[1]: YAML reads unquoted 12345678 as a number (leading zeros and long "
        f"digits are lost); quote it: \"12345678\"",
        f"{N}:26: channels[1].postcode: YAML reads unquoted 100000 as a number (leading zeros and long "
        f"digits are lost); quote it: \"100000\"",
    ]


def test_private_values_never_appear_in_messages(site):
    got = notice_with(site, nominees=NOMINEE.replace('"999999199001010014"', "999999199001010014"))
    assert got == [f"{N}:20: nominees[1].private.id_number: YAML reads unquoted this private value as a "
                   f"number (leading zeros and long digits are lost); quote it"]
    assert "999999199001010014" not in "".join(got)
    bad = notice_with(site, nominees=NOMINEE.replace('"999999199001010014"', '"12345"'))
    assert bad == [f"{N}:20: nominees[1].private.id_number: not an 18-character resident ID number "
                   f"(17 digits and a digit or X)"]


# ---- fields --------------------------------------------------------------------------------

def test_required_fields_unknown_fields_and_suggestions(site):
    got = notice_with(site, {"  title: 测试公示\n": "", "      unit: 示例公司\n": "      unti: 示例公司\n"})
    assert got == [
        f"{N}:2: title: required field is missing; add `title:` (title as published)",
        f"{N}:9: nominees[1].unit: required for an individual; add `unit:`",
        f"{N}:13: nominees[1].unti: unknown field in nominee; did you mean `unit`?",
    ]


def test_private_only_under_a_nominee(site):
    got = notice_with(site, {"  level: city\n": "  level: city\n  private:\n    notes: x\n"},
                      nominees=NOMINEE.replace("      brief_deeds", "      id_number: \"1\"\n      brief_deeds"))
    assert got == [
        f"{N}:7: private: private data is only allowed under a nominee's `private:` mapping",
        f"{N}:20: nominees[1].id_number: id_number is private: move it under this nominee's `private:` "
        f"mapping so it is never published",
    ]


def test_ids_enums_dates_and_times(site):
    got = notice_with(site, {"  id: test-notice\n": "  id: Test_Notice\n", "  level: city\n": "  level: 全市\n",
                             "  start: 2024-09-23\n": "  start: 2024-02-30\n",
                             "  end: 2024-09-27\n": "  end: 27/09/2024\n  closing_time: \"25:00\"\n"})
    assert got == [
        f"{N}:2: id: 'Test_Notice' is not a valid id; use lower-case letters a-z, digits and single hyphens, "
        f"at most 64 characters (e.g. 2024-city-model-workers)",
        f"{N}:6: level: '全市' is not allowed; use one of: unit, district, city",
        f"{N}:7: start: 2024-02-30 is not a day of the calendar (check the month and day)",
        f"{N}:8: end: '27/09/2024' is not a date; write YYYY-MM-DD, e.g. 2024-10-08",
        f"{N}:9: closing_time: '25:00' is not a time; write 24-hour HH:MM in quotes, e.g. \"17:30\"",
    ]


def test_contact_formats(site):
    extra = ("  channels:\n    - office: 甲\n      phones: [\"1234\", \"010-12345678\"]\n"
             "      email: not-an-email\n      address: 某地\n      postcode: \"1000\"\n")
    got = notice_with(site, extra=extra)
    assert got == [
        f"{N}:24: channels[1].phones[1]: '1234' is not a phone number; write a landline with its area code and "
        f"a hyphen (\"010-12345678\", extension \"010-12345678-123\"), a mobile (\"13800000000\"), a 400/800 number "
        f"or a short hotline (\"12351\")",
        f"{N}:25: channels[1].email: 'not-an-email' is not an e-mail address (name@example.org)",
        f"{N}:27: channels[1].postcode: '1000' is not a postcode; write its six digits in quotes",
    ]


# ---- cross-field and cross-file rules ---------------------------------------------------------

def test_references_must_resolve(site):
    got = notice_with(site, {"  campaign: test-campaign\n": "  campaign: nope\n"})
    assert got == [f"{N}:3: campaign: unknown campaign 'nope'; known campaigns: test-campaign"]
    got = notice_with(site, nominees=NOMINEE.replace("award: model-worker", "award: hero")
                      .replace("      brief_deeds", "      figure: no-such\n      photo: p/x.jpg\n      brief_deeds"))
    assert got == [
        f"{N}:11: nominees[1].award: unknown award 'hero'; the campaign's awards are: collective (先进集体), "
        f"model-worker (劳动模范)",
        f"{N}:18: nominees[1].figure: no figure profile 'no-such'; create content/figures/no-such.md",
        f"{N}:19: nominees[1].photo: no such file notices/p/x.jpg; the path is relative to this YAML file",
        f"{N}:19: nominees[1].photo_alt: a photo needs a description for readers who cannot see it; add `photo_alt:`",
    ]


def test_photo_and_figure_that_exist_are_accepted(site):
    site.write("notices/p/x.jpg", photo_fixtures.jpeg_with_canaries())
    site.write("content/figures/zhang-san.md", "---\nname: 张三\nnominees: [test-notice/zhang-san]\n---\n长篇事迹。\n")
    got = notice_with(site, nominees=NOMINEE.replace(
        "      brief_deeds", "      figure: zhang-san\n      photo: p/x.jpg\n      photo_alt: 张三在车间\n      brief_deeds"))
    assert got == []


@pytest.mark.parametrize("name, data, message", [
    ("bomb.png", photo_fixtures.bomb(), "too many pixels (decompression bomb?); use a normal photo"),
    ("cut.jpg", photo_fixtures.truncated(), "the image is truncated or corrupt (image file is truncated "),
    ("fake.jpg", b"GIF89a not really", "not a JPEG, PNG or WebP image (or the file is damaged)"),
])
def test_bad_photos_fail_check_with_their_file_names(site, name, data, message):
    site.write(f"notices/p/{name}", data)
    got = notice_with(site, nominees=NOMINEE.replace(
        "      brief_deeds", f"      photo: p/{name}\n      photo_alt: 照片\n      brief_deeds"))
    assert len(got) == 1
    assert got[0].startswith(f"{N}:18: nominees[1].photo: notices/p/{name}: {message}")


def test_ids_unique_across_files_and_within_notice(site):
    site.make(nominees=NOMINEE + NOMINEE)
    site.write("notices/other.yml", NOTICE.format(nominees=NOMINEE))
    got = messages(site.root / "site_config.yml")
    assert got == [
        f"{N}:22: nominees[2].id: nominee id 'zhang-san' is already used on line 10; ids must be unique in a notice",
        f"{N}:31: nominees[2].private.id_number: the same ID number as nominee 'zhang-san'; a person is nominated "
        f"once per notice",
        "notices/other.yml:2: id: notice id 'test-notice' is already used by notices/notice.yml:2; ids must be unique",
    ]


def test_individual_and_collective_fields(site):
    collective = ("    - id: team\n      award: collective\n      name: 示例班组\n      gender: 女\n"
                  "      brief_deeds: 好。\n")
    got = notice_with(site, nominees=NOMINEE.replace("      gender: 男\n", "      staff_count: 3\n") + collective)
    assert got == [
        f"{N}:10: nominees[1].gender: required for an individual; add `gender:`",
        f"{N}:13: nominees[1].staff_count: only for collectives; remove it",
        f"{N}:25: nominees[2].gender: award 'collective' is for collectives; gender is only for individuals, remove it",
    ]


def test_region_must_be_of_the_campaign(site):
    got = notice_with(site, nominees=NOMINEE.replace("region: 甲区", "region: 丙区"))
    assert got == [f"{N}:17: nominees[1].region: '丙区' is not a region of the campaign; use one of: 乙区, 甲区"]


def test_brief_deeds_limit(site):
    campaign = CAMPAIGN.replace("  regions:", "  brief_deeds_limit: 10\n  regions:")
    site.make(campaign=campaign, nominees=NOMINEE.replace("事迹简要。", "一二三四五 六七八九十十一"))
    got = messages(site.root / "site_config.yml")
    assert got == [f"{N}:18: nominees[1].brief_deeds: brief deeds are 12 characters; the campaign's limit is 10, "
                   f"shorten by 2"]


def test_end_before_start(site):
    got = notice_with(site, {"  end: 2024-09-27\n": "  end: 2024-09-20\n"})
    assert got == [f"{N}:8: end: end 2024-09-20 is before start 2024-09-23"]


def test_period_too_short_across_national_day(site):
    # 2024-09-30 (Mon) to 2024-10-08 (Tue): 1 working day before the holiday, 1 after.
    got = notice_with(site, {"  start: 2024-09-23\n": "  start: 2024-09-30\n", "  end: 2024-09-27\n": "  end: 2024-10-08\n"})
    assert got == [f"{N}:8: end: the period 2024-09-30 to 2024-10-08 has 2 working days; campaign 'test-campaign' "
                   f"requires at least 5: end on 2024-10-11 or later"]


def test_period_counts_make_up_working_days(site):
    # 2024-10-08 (Tue) to 2024-10-12 (Sat, make-up working day): 5 working days.
    loaded = load_site(site.make(notice=NOTICE.format(nominees=NOMINEE).replace("2024-09-23", "2024-10-08")
                                 .replace("2024-09-27", "2024-10-12")))
    assert loaded.problems.items == []
    assert loaded.records.notices["test-notice"].working_days == 5


def test_campaign_minimum_working_days(site):
    site.make(campaign=CAMPAIGN.replace("  regions:", "  min_working_days: 7\n  regions:"))
    assert messages(site.root / "site_config.yml") == [
        f"{N}:8: end: the period 2024-09-23 to 2024-09-27 has 5 working days; campaign 'test-campaign' requires "
        f"at least 7: end on 2024-09-30 or later"]


def test_objection_channels(site):
    campaign = CAMPAIGN.split("  default_channels:")[0]
    site.make(campaign=campaign)
    assert messages(site.root / "site_config.yml") == [
        f"{N}:2: channels: no objection channel; add `channels:` with at least one office, or `default_channels:` "
        f"to the campaign"]
    got = notice_with(site, extra="  channels:\n    - office: 甲\n    - office: 乙\n      address: 某路1号\n")
    assert got == [
        f"{N}:23: channels[1]: this channel gives no way to object; add phones, email, a postal address or in_person",
        f"{N}:25: channels[2].postcode: a postal address needs its postcode so letters arrive; add `postcode:`",
    ]


def test_corrections_outcome_and_withdrawal(site):
    extra = ("  corrections:\n    - date: 2024-09-20\n      action: replaced\n      nominee: li-si\n"
             "      text: 替换。\n  outcome:\n    date: 2024-09-26\n    result: no-objection\n"
             "  withdrawn:\n    date: 2024-09-24\n    reason: 撤回。\n")
    got = notice_with(site, extra=extra)
    assert got == [
        f"{N}:23: corrections[1].date: 2024-09-20 is before the notice was published (2024-09-23)",
        f"{N}:23: corrections[1].replaced_by: say who replaces the nominee; add `replaced_by:`",
        f"{N}:25: corrections[1].nominee: no nominee 'li-si' in this notice; corrections name nominees by id",
        f"{N}:28: outcome: a withdrawn notice has no outcome; remove one of them",
        f"{N}:28: outcome.date: the outcome (2024-09-26) is dated before objections close (2024-09-27 24:00, the "
        f"whole last day); date it 2024-09-28 or later, or set the notice's `closing_time:` so that an outcome on "
        f"the last day goes out at that time",
        f"{N}:29: outcome.result: warning: the outcome says no-objection, but the list changed on 2024-09-20 "
        f"(corrections[1], `action: replaced`); if the change followed an objection, write `result: adjusted`",
    ]


def test_errors_of_all_files_are_reported_together_and_sorted(site):
    site.make(nominees=NOMINEE.replace("男", "M"))
    site.write("notices/a-broken.yml", "notice:\n  id: x\n  id: y\n")
    site.write("notices/b-empty.yml", "")
    site.write("notices/c-list.yml", "- 1\n")
    got = messages(site.root / "site_config.yml")
    assert got[0] == "notices/a-broken.yml:2: campaign: required field is missing; add `campaign:` (id of the campaign)"
    assert "notices/a-broken.yml:3: id: duplicate key (first given on line 2); keep only one" in got
    assert "notices/b-empty.yml: (file): the file is empty; add a `notice:` or `campaign:` record" in got
    assert ("notices/c-list.yml:1: (file): a record file holds exactly one top-level key, `notice:` or "
            "`campaign:`, with the record's fields indented below it") in got
    assert f"{N}:13: nominees[1].gender: 'M' is not allowed; use one of: 男, 女" in got
    assert len(got) == 11
    keys = [(m.split(":")[0], int(m.split(":")[1]) if m.split(":")[1].isdigit() else 0) for m in got]
    assert keys == sorted(keys)
