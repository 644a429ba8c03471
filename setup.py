"""Packaging step of our own: the message catalogs are compiled (.po to .mo, with Babel) as the package is
built, so a wheel or an editable install always carries the translations of its own sources.

Everything else about the package is declared in pyproject.toml."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("generator", "locale")


def compile_catalogs(source: Path, target: Path) -> list[str]:
    """Every ``*.po`` under ``source`` compiled into the same place under ``target``; the files written."""
    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(str(mo))
    return written


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        # an editable install reads the package from the checkout: the catalogs are compiled beside their
        # sources there (and ignored by git); a wheel gets them in its build folder
        target = LOCALE if self.editable_mode else Path(self.build_lib) / LOCALE
        self.outputs_of_catalogs = compile_catalogs(LOCALE, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return super().get_outputs(include_bytecode) + getattr(self, "outputs_of_catalogs", [])


setup(cmdclass={"build_py": BuildWithCatalogs})
