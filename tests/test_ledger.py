"""The publication ledger: a publishing build records each public state of a notice; a published notice never
changes without a correction; every version keeps its page, its differences and its digests."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import NOMINEE, NOTICE, with_lower_notice
from generator.cli import main

TZ = timezone(timedelta(hours=8))
#: during the test notice's period (2024-09-23 to 09-27)
FIRST = datetime(2024, 9, 23, 9, 0, tzinfo=TZ)
LATER = datetime(2024, 9, 24, 14, 30, tzinfo=TZ)


def publish(config: Path, at: datetime):
    """A publishing build: into the site's own folder, at the moment SOURCE_DATE_EPOCH gives."""
    return CliRunner().invoke(main, ["build", "-f", str(config)], env={"SOURCE_DATE_EPOCH": str(int(at.timestamp()))})


def check(config: Path, at: datetime):
    return CliRunner().invoke(main, ["check", "-f", str(config), "--now", at.isoformat()])


def ledger_of(site) -> dict:
    return json.loads((site.root / "ledger/test-notice.json").read_text(encoding="utf-8"))


def edit(site, old: str, new: str) -> None:
    path = site.root / "notices/notice.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CORRECTION = """  corrections:
    - date: 2024-09-24
      action: amended
      nominee: zhang-san
      text: 张三同志的职务更正为高级技术员。
"""


def correct_position(site) -> None:
    """The nominee's position changed, with the correction that records it."""
    edit(site, "position: 技术员", "position: 高级技术员")
    path = site.root / "notices/notice.yml"
    path.write_text(path.read_text(encoding="utf-8") + CORRECTION, encoding="utf-8")


def test_a_publishing_build_records_each_notice_once_and_previews_never(site, tmp_path):
    config = site.make()
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--now", FIRST.isoformat()])
    assert result.exit_code == 0, result.output
    other = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(tmp_path / "elsewhere")],
                               env={"SOURCE_DATE_EPOCH": str(int(FIRST.timestamp()))})
    assert other.exit_code == 0, other.output
    assert not (site.root / "ledger").exists()  # a preview (--now) and a build elsewhere (--out) record nothing
    assert publish(config, FIRST).exit_code == 0
    first = ledger_of(site)
    assert first["notice"] == "test-notice" and [v["version"] for v in first["versions"]] == [1]
    assert first["versions"][0]["published"] == "2024-09-23T09:00:00+08:00"
    assert publish(config, LATER).exit_code == 0  # nothing changed: nothing recorded
    assert ledger_of(site) == first


def test_a_published_nominee_edited_without_a_correction_fails_check_at_its_line(site):
    config = site.make()
    assert publish(config, FIRST).exit_code == 0
    edit(site, "position: 技术员", "position: 高级技术员")
    line = (site.root / "notices/notice.yml").read_text(encoding="utf-8").splitlines().index(
        "      position: 高级技术员") + 1
    result = check(config, LATER)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"notices/notice.yml:{line}: nominees[1].position: changed since the list was published on 2024-09-23 09:00 "
        "(it was: 技术员); a published notice is never changed silently: add to `corrections:` an entry such as "
        "`- {date: 2024-09-24, action: amended, nominee: zhang-san, text: ...}` (action: minor for a typing error)")
    built = publish(config, LATER)
    assert built.exit_code == 1 and [v["version"] for v in ledger_of(site)["versions"]] == [1]


def test_the_same_edit_in_chinese(site, chinese):
    config = site.make()
    assert publish(config, FIRST).exit_code == 0
    edit(site, "position: 技术员", "position: 高级技术员")
    result = check(config, LATER)
    assert (": nominees[1].position: 名单于 2024-09-23 09:00 公布后此项已被改动（原为：技术员）；已公布的公示不得悄悄改动："
            "请在 `corrections:` 中添加一条记录，例如 `- {date: 2024-09-24, action: amended, nominee: zhang-san, "
            "text: ...}`（仅改正错别字用 action: minor）") in result.stderr.splitlines()[0]


def test_with_a_correction_the_edit_is_a_second_version_showing_the_difference(site):
    config = site.make()
    assert publish(config, FIRST).exit_code == 0
    correct_position(site)
    assert check(config, LATER).exit_code == 0
    assert publish(config, LATER).exit_code == 0
    versions = ledger_of(site)["versions"]
    assert [(v["version"], v["published"]) for v in versions] == [(1, "2024-09-23T09:00:00+08:00"),
                                                                 (2, "2024-09-24T14:30:00+08:00")]
    out = site.root / "site/notices/test-notice"
    page = BeautifulSoup((out / "versions/2/index.html").read_text(encoding="utf-8"), "html.parser")
    changes = [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(".gs-diff > li")]
    assert changes == ["张三 · 职务 原： 技术员 新： 高级技术员",
                       "张三 · 新增更正记录 原： — 新： 2024-09-24：更正：张三同志的职务更正为高级技术员。"]
    old = BeautifulSoup((out / "versions/1/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "本版已被取代" in old.select_one(".gs-version__status").get_text()
    assert old.select_one(".gs-version__status a")["href"] == "../2/"
    notice = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in notice.select("#versions ol a")] == ["versions/1/", "versions/2/"]
    listed = json.loads((out / "versions.json").read_text(encoding="utf-8"))["versions"]
    previous = ""
    for entry, saved in zip(listed, versions):
        state = (out / f"versions/{entry['version']}/state.json").read_bytes()
        assert entry["sha256"] == hashlib.sha256(state).hexdigest() == saved["sha256"]
        assert entry["chain"] == hashlib.sha256(f"{previous}\n{entry['sha256']}".encode()).hexdigest()
        previous = entry["chain"]
    assert [e["superseded"] for e in listed] == [True, False]


def test_a_fresh_checkout_with_the_ledger_rebuilds_the_same_versions(site, tmp_path):
    config = site.make()
    assert publish(config, FIRST).exit_code == 0
    correct_position(site)
    assert publish(config, LATER).exit_code == 0
    clone = tmp_path / "clone"
    shutil.copytree(site.root, clone, ignore=shutil.ignore_patterns("site", ".gongshi-cache", ".site*"))
    assert publish(clone / "site_config.yml", LATER + timedelta(hours=1)).exit_code == 0
    for rel in ("versions/1/index.html", "versions/2/index.html", "versions/1/state.json", "versions.json"):
        a = (site.root / "site/notices/test-notice" / rel).read_bytes()
        b = (clone / "site/notices/test-notice" / rel).read_bytes()
        assert a == b, rel
    assert json.loads((clone / "ledger/test-notice.json").read_text(encoding="utf-8")) == ledger_of(site)


def test_a_hand_edited_ledger_is_an_error_never_rewritten(site):
    config = site.make()
    assert publish(config, FIRST).exit_code == 0
    path = site.root / "ledger/test-notice.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"事迹简要。"', '"事迹简要（改）。"'), encoding="utf-8")
    before = path.read_bytes()
    result = check(config, LATER)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "ledger/test-notice.json: (ledger): version 1 does not match its SHA-256: its state was changed; the ledger "
        "is written only by gongshi build: restore this file from version control (e.g. git checkout -- "
        "ledger/test-notice.json)")
    assert publish(config, LATER).exit_code == 1 and path.read_bytes() == before


def test_a_published_nominee_cannot_be_removed(site):
    second = NOMINEE.replace("zhang-san", "li-si").replace("张三", "李四").replace("999999199001010014", "999999199002020016")
    config = site.make(nominees=NOMINEE + second.replace("13900000001", "13900000002"))
    assert publish(config, FIRST).exit_code == 0
    path = site.root / "notices/notice.yml"
    path.write_text(with_lower_notice(NOTICE.format(nominees=NOMINEE)), encoding="utf-8")
    result = check(config, LATER)
    line = path.read_text(encoding="utf-8").splitlines().index("  nominees:") + 1
    assert result.stderr.splitlines()[0] == (
        f"notices/notice.yml:{line}: nominees: 李四 (li-si) was on the list published on 2024-09-23 09:00 and cannot be "
        "removed; keep the nominee and add a correction `- {date: 2024-09-24, action: withdrawn, nominee: li-si, "
        "text: ...}`")


def test_a_correction_dated_before_the_version_it_changes_is_an_error(site):
    config = site.make()
    assert publish(config, LATER).exit_code == 0  # version 1 on 09-24 at 14:30
    path = site.root / "notices/notice.yml"
    path.write_text(with_lower_notice(NOTICE.format(nominees=NOMINEE.replace("技术员", "高级技术员")) + CORRECTION.replace(
        "2024-09-24", "2024-09-23")), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("    - date: 2024-09-23") + 1
    errors = check(config, LATER + timedelta(days=1)).stderr.splitlines()
    assert errors[0] == (f"notices/notice.yml:{line}: corrections[1].date: this correction is dated 2024-09-23, before "
                         "the version it changes was published (2024-09-24 14:30); date it 2024-09-25 or later")


def test_a_published_notice_cannot_be_removed(site):
    config = site.make()
    assert publish(config, FIRST).exit_code == 0
    (site.root / "notices/notice.yml").unlink()
    result = check(config, LATER)
    assert ("ledger/test-notice.json: (ledger): notice test-notice was published on 2024-09-23 09:00 and its record "
            "cannot be removed; restore its file, and if the notice no longer stands, withdraw it with `withdrawn:`"
            ) in result.stderr.splitlines()


#: where a record was written, a digest of its file, and the lower notices of the trail: not the public state
NOT_STATE = ("source", "source_digest", "carried_from", "held_elsewhere")


def _plain_reference(value):
    """The state as it was first made: every value copied by dataclasses.asdict, then made plain."""
    import datetime as dt
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain_reference(v) for k, v in value.items() if k not in NOT_STATE}
    if isinstance(value, (list, tuple)):
        return [_plain_reference(v) for v in value]
    return value


def test_a_notices_state_is_what_asdict_made_of_it():
    """The public state (whose canonical bytes the ledger keeps a digest of) is the same as the one made with
    dataclasses.asdict, for every notice of the demo at every moment of its period."""
    import dataclasses

    from generator.base import dates
    from generator.records.ledger import canonical, state_of
    from generator.records.loader import load_site

    root = Path(__file__).resolve().parent.parent
    loaded = load_site(root / "site_config.yml", dates.parse_now("2026-11-20T10:00:00+08:00"))
    moments = [datetime(2026, m, 1, tzinfo=timezone.utc) for m in range(1, 13)]
    checked = 0
    for notice in loaded.records.notices.values():
        for moment in moments:
            public = notice.public_at(moment)
            whole = dataclasses.asdict(public)
            expected = {f.name: _plain_reference(whole[f.name]) for f in dataclasses.fields(public)
                        if f.name not in NOT_STATE}
            assert canonical(state_of(public)) == canonical(expected)
            checked += 1
    assert checked == 12 * len(loaded.records.notices) > 0
