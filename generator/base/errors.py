"""Problems found in a site's records, and the project's exception hierarchy.

Validation never stops at the first mistake: every stage appends
:class:`Problem` objects to a :class:`Problems` collector, and the CLI prints
them all, sorted, as ``path:line: field: message``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.base.i18n import _

#: the problems kept and shown for one file; the others are counted in one last line, so that a file of
#: thousands of mistakes (a flow-style list of empty entries) neither fills the memory nor the screen
MAX_PER_FILE = 50
#: the field of that last line
MORE = "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place. ``path`` is relative to the site directory."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"
    #: on the line that counts the problems of its file not kept (see MAX_PER_FILE): how many errors and
    #: warnings it stands for; empty on every other problem
    hidden: tuple[int, int] = ()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = _("warning: ") if self.severity == "warning" else ""
        return f"{where}: {self.field}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects problems from every stage; sorted output, errors vs warnings."""

    items: list[Problem] = field(default_factory=list)
    #: by file: how many problems were added, and where in ``items`` the line counting those not kept is
    counts: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    summaries: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def add(self, path: str, line: int, field_: str, message: str, severity: str = "error") -> None:
        count = self.counts[path] = self.counts.get(path, 0) + 1
        if count <= MAX_PER_FILE:
            self.items.append(Problem(path, line, field_ or "-", message, severity))
            return
        at = self.summaries.get(path)
        errors, warnings = self.items[at].hidden if at is not None else (0, 0)
        errors, warnings = (errors + 1, warnings) if severity == "error" else (errors, warnings + 1)
        summary = Problem(path, 0, MORE, _("… and {count} more problems in this file, not shown; fix those above "
                                           "and check again").format(count=errors + warnings),
                          "error" if errors else "warning", (errors, warnings))  # an error among them: an error
        if at is None:
            self.summaries[path] = len(self.items)
            self.items.append(summary)
        else:
            self.items[at] = summary

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def count(self, severity: str) -> int:
        """How many problems of ``severity`` were found, those not kept included."""
        index = 0 if severity == "error" else 1
        return sum(p.hidden[index] if p.hidden else p.severity == severity for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, bool(p.hidden), p.line, p.field, p.message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.items)


class GongshiError(Exception):
    """Base class of every error the project raises on purpose."""


class ConfigError(GongshiError):
    """site_config.yml is missing or unusable as a whole."""


class BuildError(GongshiError):
    """The site could not be built; the previous output is untouched."""
