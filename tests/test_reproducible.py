"""Same input and SOURCE_DATE_EPOCH ⇒ byte-identical trees, whatever the hash seed or directory order."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

SHUFFLER = textwrap.dedent('''
    # Loaded by Python at start-up (sitecustomize): every directory listing comes back in a random order.
    import os, pathlib, random
    _rng = random.Random(os.environ.get("SHUFFLE_SEED"))
    _listdir, _scandir = os.listdir, os.scandir

    def listdir(path="."):
        names = _listdir(path)
        _rng.shuffle(names)
        return names

    class _Shuffled:
        def __init__(self, path):
            with _scandir(path) as it:
                self._entries = list(it)
            _rng.shuffle(self._entries)
            self._it = iter(self._entries)
        def __iter__(self):
            return self
        def __next__(self):
            return next(self._it)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return False
        def close(self):
            pass

    def scandir(path="."):
        return _Shuffled(path)

    os.listdir, os.scandir = listdir, scandir
''')


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _build(out: Path, hash_seed: str, shuffle_seed: str | None, shuffler: Path) -> None:
    # SOURCE_DATE_EPOCH 1795140000 is 2026-11-20 10:00 in Shanghai, the demo's reference moment
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795140000", "PYTHONHASHSEED": hash_seed}
    if shuffle_seed is not None:
        env["PYTHONPATH"] = str(shuffler)
        env["SHUFFLE_SEED"] = shuffle_seed
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(REPO / "site_config.yml"),
                             "--out", str(out)], env=env, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]


def test_builds_are_byte_identical(tmp_path):
    shuffler = tmp_path / "shuffler"
    shuffler.mkdir()
    (shuffler / "sitecustomize.py").write_text(SHUFFLER)
    check = subprocess.run([sys.executable, "-c", "import os; print(os.listdir('.') != sorted(os.listdir('.')))"],
                           env={**os.environ, "PYTHONPATH": str(shuffler), "SHUFFLE_SEED": "7"}, cwd=REPO,
                           capture_output=True, text=True)
    assert check.stdout.strip() == "True"  # the shuffler really shuffles
    _build(tmp_path / "a", "1", None, shuffler)
    _build(tmp_path / "b", "2", "7", shuffler)
    _build(tmp_path / "c", "3", "8", shuffler)
    a, b, c = (tree_hash(tmp_path / name) for name in "abc")
    assert len(a) > 200
    assert a == b == c


def test_the_language_of_messages_changes_no_published_byte(site, tmp_path):
    """Messages are the clerk's; the site is the public's: a build in English gives the same site as one in
    Chinese (the search index's version included)."""
    config = site.make()
    for lang in ("zh", "en"):
        result = subprocess.run([sys.executable, "-m", "generator", "--lang", lang, "build", "-f", str(config),
                                 "--out", str(tmp_path / lang), "--now", "2024-09-24T12:00:00+08:00"],
                                capture_output=True, text=True, cwd=REPO)
        assert result.returncode == 0, result.stderr[-2000:]
    zh, en = tree_hash(tmp_path / "zh"), tree_hash(tmp_path / "en")
    assert "search-index/entry.json" in zh and len(zh) > 20
    assert zh == en
