"""Problems found in a site's records, and the project's exception hierarchy.

Validation never stops at the first mistake: every stage appends
:class:`Problem` objects to a :class:`Problems` collector, and the CLI prints
them all, sorted, as ``path:line: field: message``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import _


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place. ``path`` is relative to the site directory."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = _("warning: ") if self.severity == "warning" else ""
        return f"{where}: {self.field}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects problems from every stage; sorted output, errors vs warnings."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, field_: str, message: str, severity: str = "error") -> None:
        self.items.append(Problem(path, line, field_ or "-", message, severity))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.field, p.message))

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
