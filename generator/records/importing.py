"""`gongshi import`: the nominees of a 汇总表 written into a notice file, as a clerk would write them.

The notice file is read and written with ruamel.yaml's round trip, so the clerk's comments, the order of
the fields and hand edits stay as they are; only the ``nominees:`` the table names are added or updated.
Every problem of the table is found in one run (:mod:`generator.records.import_rows`), and nothing is
written while one error remains.

Which nominee a row is: the one of the notice with the same ID number, else with the same name and unit; it
keeps its id. A new one gets ``n-`` and the first 8 hexadecimal digits of SHA-256 of ``name|unit`` (more
digits when those are taken), so that importing the same table again finds every nominee again and changes
nothing. A notice already published (it has versions in the ledger) is never changed by an import: its
changes need corrections (content/records.md).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from generator.base.errors import GongshiError, Problems
from generator.base.i18n import _, listing
from generator.model.private import PRIVATE_FIELDS
from generator.records.config import load_config
from generator.records.import_rows import Note, Row, read_row
from generator.records.ledger import LEDGER_DIR, read_ledger
from generator.records.loader import record_files
from generator.records.notice_text import Located, edit_item, locate, nominee_text, read_plain, splice
from generator.records.spreadsheet import Table, read_tables
from generator.records.types import NOMINEE, unknown_award
from generator.records.validate import DEFAULT_BRIEF_DEEDS_LIMIT
from generator.records.yamltree import MAX_BYTES, MAX_NODES, parse_text

#: public fields in the order a clerk writes them (that of the record type)
FIELD_ORDER = [f.name for f in NOMINEE.fields]
_PRIVATE_ORDER = list(PRIVATE_FIELDS)
_CELL = re.compile(r"([A-Z]+)[0-9]+$")
_CAMPAIGN_FILE = re.compile(r"^campaign[ \t]*:", re.M)
_NOTICE_FILE = re.compile(r"^notice[ \t]*:", re.M)
_NOTICE_ID = re.compile(r"^[ \t]{1,4}id[ \t]*:[ \t]*['\"]?([^'\"\s#]+)", re.M)
_ID_NUMBER = re.compile(r"^[ \t]+id_number[ \t]*:[ \t]*['\"]?([0-9Xx]{18})['\"]?[ \t]*(?:#.*)?$", re.M)
_ABBREVIATIONS = {"劳模": "劳动模范", "先进个人": "先进工作者"}
_RESOLVER = yaml.resolver.Resolver()


class ImportError_(GongshiError):
    """The import cannot start: no notice file, no campaign, no table."""


@dataclass
class Result:
    notes: list[Note] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    private: int = 0
    written: bool = False

    @property
    def errors(self) -> int:
        return sum(n.severity == "error" for n in self.notes)

    def sorted_notes(self) -> list[Note]:  # by table and row, then by column (B before AA)
        letters = lambda n: (m := _CELL.search(n.where)) and m[1] or ""  # noqa: E731
        return sorted(set(self.notes), key=lambda n: (n.order[:2], len(letters(n)), letters(n), n.field, n.message))


def import_file(config_path: Path, table_path: Path, notice_path: Path, award: str | None = None,
                source: str | None = None) -> Result:
    """Import ``table_path`` into ``notice_path``; the result says what was found and done."""
    problems = Problems()
    config = load_config(config_path, problems)
    source = source or table_path.name
    if not notice_path.is_file():
        raise ImportError_(_("{path}: no such notice file; write the notice first (its id, campaign, title, "
                             "period and channels), then import its nominees into it").format(path=notice_path))
    located = _read_notice(notice_path)
    notice = located.data["notice"]
    others, campaign = _site(config.notices_dir, notice_path, notice.get("campaign"))
    tables, skipped = read_tables(table_path, source)
    result = Result()
    if not tables:
        raise ImportError_(_("{path}: no table with column headings such as 姓名 or 单位名称 was found").format(
            path=source))
    limit = int(campaign.get("brief_deeds_limit") or DEFAULT_BRIEF_DEEDS_LIMIT)
    rows: list[Row] = []
    for table in tables:
        for cell, heading in table.unknown:
            result.notes.append(Note(cell, heading, _("unknown column; it is not imported (known columns are listed "
                                                      "in content/records.md)"), "warning", (table.where, 0, cell)))
        for column in table.columns:
            if column.field == "age":
                cell = table.cell(table.header_row, column.index)
                result.notes.append(Note(cell, column.heading, _(
                    "the records have no age; this column is not imported (a column 出生年月 goes under `private:`)"),
                    "warning", (table.where, 0, cell)))
        kind_award = _award_of(table, campaign, award, result)
        if kind_award is None:
            continue
        kind, award_id = kind_award
        for number, cells in table.rows:
            row = read_row(table, number, cells, kind, award_id, limit, result.notes)
            if row is not None:
                rows.append(row)
    _duplicates(rows, others, result)
    edited, new_items = _merge(located, rows, result)
    published = read_ledger(config, problems).versions(str(notice.get("id")))
    if published and (result.added or result.updated):
        result.notes.append(Note(str(notice_path), "nominees", _(
            "notice '{id}' is already published ({ledger}); an import cannot change its nominees: write each change "
            "with a correction (`corrections:`) by hand").format(id=notice.get("id"),
                                                                 ledger=f"{LEDGER_DIR}/{notice.get('id')}.json"),
            "error", ("~",)))
    if result.errors or not (result.added or result.updated):
        return result
    text = splice(located, edited, new_items)
    if not _readable(text, str(notice_path), result):
        return result
    _write(notice_path, text)
    result.written = True
    return result


def _readable(text: str, path: str, result: Result) -> bool:
    """Whether ``gongshi check`` can read the new file as a record file (at most 1 MB and 100,000 values):
    a table too long for one notice is refused, not written."""
    problems = Problems()
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        problems.add(path, 0, "(file)", _("file is {size} bytes, over the 1 MB limit; split it into several "
                                          "notices").format(size=f"{size:,}"))
    elif text.count("\n") * 2 >= MAX_NODES:  # a line holds at most a key and its value, as an import writes
        parse_text(text, path, problems, records=("notice",))
    for problem in problems.sorted():
        result.notes.append(Note(path, problem.field, problem.message, problem.severity, ("~",)))
    return not problems



def _read_notice(path: Path) -> Located:
    try:
        located = locate(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise ImportError_(_("{path}: cannot be read as a notice ({error}); run gongshi check").format(
            path=path, error=e)) from e
    if located is None:
        raise ImportError_(_("{path}: not a notice file; it must begin with `notice:` and give its `id:` and "
                             "`campaign:`").format(path=path))
    return located


def _site(notices_dir: Path, notice_path: Path, campaign_id: Any) -> tuple[dict[str, str], dict]:
    """The ID numbers of the site's other notices (to the notice's id), and the notice's campaign. The other
    notices are only scanned for their `id_number:` lines (a warning's matter; `gongshi check` reads them
    whole): parsing every long list of the site again for each table would cost seconds."""
    others: dict[str, str] = {}
    campaign = None
    for file in record_files(notices_dir):
        if file.resolve() == notice_path.resolve():
            continue
        try:
            text = file.read_text(encoding="utf-8")
            if _CAMPAIGN_FILE.search(text):
                data = read_plain(text)
                if isinstance(data, dict) and isinstance(data.get("campaign"), dict) and (
                        data["campaign"].get("id") == campaign_id):
                    campaign = data["campaign"]
                continue
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            raise ImportError_(_("{path}: cannot be read ({error}); run gongshi check and fix it first").format(
                path=file, error=e)) from e
        notice = _NOTICE_FILE.search(text)
        if notice:
            found = _NOTICE_ID.search(text, notice.end())
            for number in _ID_NUMBER.findall(text):
                others.setdefault(number.upper(), found[1] if found else file.stem)
    if campaign is None:
        raise ImportError_(_("unknown campaign '{campaign}'; no campaign file in {folder} has this id").format(
            campaign=campaign_id, folder=notices_dir))
    return others, campaign


def _award_of(table: Table, campaign: dict, award: str | None, result: Result) -> tuple[str, str] | None:
    fields = table.fields()
    kind = "collective" if "collective_name" in fields else "individual" if "name" in fields else None
    where = (table.where, 0, "")
    awards = [a for a in campaign.get("awards") or [] if isinstance(a, dict)]
    if kind is None:
        result.notes.append(Note(table.where, "-", _("no column 姓名 (individuals) or 单位名称 (collectives); this "
                                                     "table is not imported"), "error", where))
        return None
    if award is not None:
        found = [a for a in awards if a.get("id") == award]
        if not found:
            result.notes.append(Note(table.where, "--award", unknown_award(award, awards), "error", where))
            return None
    else:
        label = table.sheet if table.sheet is not None else Path(table.source).stem
        found = [a for a in awards if a.get("kind") == kind and _names_award(label, a)]
        if len(found) != 1:
            result.notes.append(Note(table.where, "-", _(
                "cannot tell which award the table '{sheet}' is for; name the sheet after an award of the campaign, "
                "or give --award with one of: {awards}").format(
                sheet=label, awards=listing(f"{a.get('id')} ({a.get('name')})" for a in awards)), "error", where))
            return None
    if found[0].get("kind") != kind:
        result.notes.append(Note(table.where, "-", _(
            "award '{award}' is for {award_kind}, but the table lists {kind}").format(
            award=found[0].get("id"), award_kind=_kind(found[0].get("kind")), kind=_kind(kind)), "error", where))
        return None
    return kind, str(found[0].get("id"))


def _kind(kind: Any) -> str:
    return _("individuals") if kind == "individual" else _("collectives")


def _names_award(label: str, award: dict) -> bool:
    label = re.sub(r"\s", "", label)
    for short, long in _ABBREVIATIONS.items():
        label = label.replace(short, long)
    name = str(award.get("name") or "")
    return bool(label) and (label == award.get("id") or label in name or (bool(name) and name in label))


def _duplicates(rows: list[Row], elsewhere: dict[str, str], result: Result) -> None:
    by_number: dict[str, Row] = {}
    by_name: dict[tuple, Row] = {}
    for row in rows:
        number = row.private.get("id_number")
        key = (row.values.get("name"), row.values.get("unit"))
        if number and number in by_number:
            cell, heading = row.at("private.id_number")
            result.notes.append(Note(cell, heading, _("the same ID number as {cell}; a person is listed once").format(
                cell=by_number[number].at("private.id_number")[0]), "error", (row.table.where, row.number, cell)))
        elif key[0] and key in by_name:
            cell, heading = row.at("name")
            result.notes.append(Note(cell, heading, _("the same name and unit as {cell}; a person is listed once")
                                     .format(cell=by_name[key].at("name")[0]), "error",
                                     (row.table.where, row.number, cell)))
        if number:
            by_number.setdefault(number, row)
            if number in elsewhere:
                cell, heading = row.at("private.id_number")
                result.notes.append(Note(cell, heading, _(
                    "the same ID number as a nominee of notice '{notice}'; check that this is meant (a person may be "
                    "on the notices of several levels)").format(notice=elsewhere[number]), "warning",
                    (row.table.where, row.number, cell)))
        by_name.setdefault(key, row)


def _merge(located: Located, rows: list[Row], result: Result) -> tuple[dict[int, str], list[str]]:
    """The nominees changed (their new lines, by index) and added (their lines), as ``result`` counts them."""
    nominees = located.data["notice"].get("nominees") or []
    by_number, by_name, ids = {}, {}, set()
    for index, nominee in enumerate(nominees):
        if not isinstance(nominee, dict):
            continue
        ids.add(str(nominee.get("id")))
        number = (nominee.get("private") or {}).get("id_number")
        if number:
            by_number.setdefault(str(number), index)
        by_name.setdefault((nominee.get("name"), nominee.get("unit")), index)
    edited: dict[int, str] = {}
    new_items: list[str] = []
    for row in rows:
        result.private += len(row.private)
        number = row.private.get("id_number")
        index = by_number.get(number) if number else None
        index = index if index is not None else by_name.get((row.values.get("name"), row.values.get("unit")))
        if index is None:
            if not row.values.get("brief_deeds"):
                cell, heading = row.at("brief_deeds")
                result.notes.append(Note(cell, heading, _(
                    "no brief deeds for this new nominee; add a 简要事迹 column with each nominee's deeds"), "error",
                    (row.table.where, row.number, cell)))
                continue
            nid = new_id(str(row.values.get("name")), str(row.values.get("unit", "")), ids)
            ids.add(nid)
            fields = [("id", nid), ("award", row.award)] + [(k, row.values[k]) for k in FIELD_ORDER if k in row.values]
            private = sorted(row.private.items(), key=lambda item: _PRIVATE_ORDER.index(item[0]))
            new_items.append(nominee_text(fields, private, located.dash))
            result.added += 1
            result.changes.append(_("added {name} ({id})").format(name=row.values.get("name"), id=nid))
            continue
        existing = nominees[index]
        changed = _changed(existing, row)
        if not changed:
            result.unchanged += 1
            continue
        first, end = located.items[index]
        edited[index] = edit_item(located.text[first:end], located.dash, lambda item, row=row: _update(item, row))
        result.updated += 1
        result.changes.append(_("updated {name} ({id}): {fields}").format(
            name=existing.get("name"), id=existing.get("id"), fields=listing(changed)))
    return edited, new_items


def _changed(nominee: dict, row: Row) -> list[str]:
    """The fields ``row`` changes on ``nominee`` (an empty cell never erases a value)."""
    changed = ["award"] if nominee.get("award") != row.award else []
    changed += [name for name in FIELD_ORDER if name in row.values and nominee.get(name) != row.values[name]]
    private = nominee.get("private") if isinstance(nominee.get("private"), dict) else {}
    changed += [f"private.{name}" for name, value in sorted(row.private.items(),
                                                            key=lambda item: _PRIVATE_ORDER.index(item[0]))
                if str(private.get(name, "")) != value]
    return changed


def new_id(name: str, unit: str, taken: set[str]) -> str:
    """``n-`` and the first 8 hex digits of SHA-256 of ``name|unit``; more digits while that id is taken."""
    digest = hashlib.sha256(f"{name}|{unit}".encode()).hexdigest()
    for size in range(8, len(digest) + 1, 4):
        candidate = f"n-{digest[:size]}"
        if candidate not in taken:
            return candidate
    raise ImportError_(f"no free id for {digest}")  # pragma: no cover - 2**256 names


def _update(nominee: CommentedMap, row: Row) -> list[str]:
    """Set the row's values on ``nominee`` (an empty cell never erases a value); the fields that changed."""
    changed = []
    if nominee.get("award") != row.award:
        nominee["award"], changed = row.award, ["award"]
    for name in FIELD_ORDER:
        if name in row.values and nominee.get(name) != row.values[name]:
            _put(nominee, name, _scalar(name, row.values[name]))
            changed.append(name)
    if row.private:
        private = nominee.get("private")
        if not isinstance(private, CommentedMap):
            private = CommentedMap()
            _put(nominee, "private", private)
        for name, value in sorted(row.private.items(), key=lambda item: _PRIVATE_ORDER.index(item[0])):
            if str(private.get(name, "")) != value:
                if name in private:
                    private[name] = DoubleQuotedScalarString(value)
                else:
                    at = sum(1 for key in private if key in _PRIVATE_ORDER and _PRIVATE_ORDER.index(key) <
                             _PRIVATE_ORDER.index(name))
                    private.insert(at, name, DoubleQuotedScalarString(value))
                changed.append(f"private.{name}")
    return changed


def _put(nominee: CommentedMap, name: str, value: Any) -> None:
    """Set a field in place, or insert a new one where the record type puts it."""
    if name in nominee:
        nominee[name] = value
        return
    rank = FIELD_ORDER.index(name)
    position = sum(1 for key in nominee if key in FIELD_ORDER and FIELD_ORDER.index(key) < rank)
    nominee.insert(position, name, value)


def _scalar(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name == "brief_deeds":
        return FoldedScalarString(re.sub(r"\s*\n\s*", "", value))
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str":
        return DoubleQuotedScalarString(value)  # would be read as a number, a date, yes/no or 17:30
    return value


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.import")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def run_import(config_path: Path, table_path: Path, notice_path: Path, award: str | None, echo, fail) -> int:
    """The command: every problem on standard error, then what changed and the counts; the exit code."""
    try:
        result = import_file(config_path, table_path, notice_path, award, source=str(table_path))
    except GongshiError as e:
        fail(str(e))
        return 1  # pragma: no cover - fail() exits
    for note in result.sorted_notes():
        echo(str(note), err=True)
    if result.errors:
        echo(_("{errors} error(s), {warnings} warning(s); nothing was written to {path}").format(
            errors=result.errors, warnings=len(result.notes) - result.errors, path=notice_path), err=True)
        return 1
    for line in result.changes:
        echo(line)
    echo(_("{path}: {added} added, {updated} updated, {unchanged} unchanged; {private} private value(s) placed "
           "under `private:`").format(path=notice_path, added=result.added, updated=result.updated,
                                       unchanged=result.unchanged, private=result.private))
    return 0
