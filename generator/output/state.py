"""What the last successful build of a target left, to compare the next one with: kept in the cache, with
the digest of its content (the page shells it holds are stamped into published pages: a changed character
would be published)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator.base.cache import atomic_write, digest as _digest
from generator.base.i18n import _

log = logging.getLogger("gongshi")


@dataclass
class State:
    """What the last successful build of a target left, to compare the next one with."""

    engine: str  # digest of everything the engine renders from (Engine.fingerprint)
    full: str  # the engine digest and every stamped page and generated file
    audit: str  # digest of the private values and published numbers the audit checked against
    tree: str  # digest of the target's files as the build left them (names, sizes, times, inodes)
    outputs: dict[str, str] = field(default_factory=dict)  # digest of each stamped page and generated file
    search: dict = field(default_factory=dict)  # the search index: search.Index as a dict
    shells: dict[str, str] = field(default_factory=dict)
    #: the files the engine read in its last run, with their digests (Rendered.inputs)
    inputs: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def path(cache_dir: Path, target: Path) -> Path:
        return cache_dir / "builds" / (hashlib.sha256(str(target).encode()).hexdigest()[:16] + ".json")

    @classmethod
    def load(cls, path: Path) -> State | None:
        """The state kept in ``path``, checked against the digest saved with it (the page shells it holds are
        stamped into published pages: a changed character would be published)."""
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(saved, dict) or not isinstance(saved.get("state"), str) or "digest" not in saved:
                raise TypeError(_("written by an older gongshi"))
            if _digest(saved["state"]) != saved["digest"]:
                raise ValueError(_("its content does not match its digest"))
            state = cls(**json.loads(saved["state"]))
            if not all(isinstance(v, dict) for v in (state.outputs, state.shells, state.search, state.inputs)):
                raise TypeError(_("written by an older gongshi"))
            return state
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as e:
            log.warning(_("build state {path} is damaged or from another version of gongshi ({error}); building "
                          "the whole site").format(path=path, error=e))
            return None

    def save(self, path: Path) -> None:
        text = json.dumps(vars(self), ensure_ascii=False)  # vars: no deep copy
        atomic_write(path, json.dumps({"digest": _digest(text), "state": text}, ensure_ascii=False).encode())
