"""Golden outputs: the demo site's notice and nominee elements, notice.json, period.ics and one item of each
feed format are the files kept in tests/golden/ (written by tools/golden.py, which documents each one).

A failure shows the unified diff between the file kept and what gongshi renders now. If the change is
meant, run `python tools/golden.py` and review `git diff tests/golden/` as a reader of the site would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import DEMO_NOW, REPO

sys.path.insert(0, str(REPO / "tools"))

import golden  # noqa: E402

HINT = "run `python tools/golden.py` and review the diff (git diff tests/golden/)"


def kept_names() -> list[str]:
    return sorted(p.name for p in golden.GOLDEN.iterdir() if p.is_file())


@pytest.fixture(scope="module")
def rendered(demo: Path) -> dict[str, str]:
    """The golden outputs of the demo built as of DEMO_NOW (the session's build, the moment golden.py uses)."""
    assert golden.NOW == DEMO_NOW
    return golden.outputs(demo)


@pytest.mark.parametrize("name", kept_names())
def test_each_output_equals_its_golden_file(rendered, name):
    assert name in rendered, f"tests/golden/{name} is no longer produced; {HINT}"
    diff = golden.differences(rendered, names=[name])
    if diff:
        pytest.fail(f"tests/golden/{name} differs from what is built now; {HINT}:\n" + "".join(diff), pytrace=False)


def test_every_output_has_a_golden_file(rendered):
    missing = sorted(set(rendered) - set(kept_names()))
    assert not missing, f"no golden file for {missing}; {HINT}"
    assert len(rendered) == 10


def test_the_calendar_file_ends_every_line_with_crlf(demo):
    """The golden period.ics is kept with LF line ends; the file built ends every line with CRLF (RFC 5545)."""
    data = (demo / "notices" / golden.NOTICE / "period.ics").read_bytes()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert data.decode("utf-8").replace("\r\n", "\n") == (golden.GOLDEN / "period.ics").read_text(encoding="utf-8")


def test_the_check_reports_a_changed_file_as_a_diff(rendered, tmp_path):
    """What `tools/golden.py --check` prints when a golden file differs: a unified diff naming the file."""
    for name, text in rendered.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert golden.differences(rendered, tmp_path) == []
    (tmp_path / "period.ics").write_text(rendered["period.ics"].replace("DTEND;VALUE=DATE:20261013",
                                                                         "DTEND;VALUE=DATE:20261012"))
    (tmp_path / "stale.txt").write_text("old\n")
    diffs = golden.differences(rendered, tmp_path)
    assert len(diffs) == 2
    period, stale = diffs
    lines = period.splitlines()
    assert lines[:2] == ["--- tests/golden/period.ics", "+++ built/period.ics"]
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        "-DTEND;VALUE=DATE:20261012", "+DTEND;VALUE=DATE:20261013"]
    assert stale.splitlines() == ["--- tests/golden/stale.txt", "+++ /dev/null", "@@ -1 +0,0 @@", "-old"]


def test_no_private_value_is_in_a_golden_file():
    from generator.records.loader import load_site

    values = [str(v) for _, fields in load_site(REPO / "site_config.yml").private.items() for v in fields.values()]
    assert len(values) > 50
    texts = {name: (golden.GOLDEN / name).read_text(encoding="utf-8") for name in kept_names()}
    assert [(name, v) for name, text in texts.items() for v in values if v in text] == []
