"""The YAML traps: each is an error with its line and how to fix it."""

from __future__ import annotations

import pytest

from generator.base.errors import Problems
from generator.records.yamltree import MAX_BYTES, Mapping, Scalar, Sequence, parse_text, read_file


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    tree = parse_text(text, "f.yml", problems)
    return tree, [str(p) for p in problems.sorted()]


def test_lines_are_kept_for_every_node():
    tree, problems = parse("a: 1\nb:\n  - x\n  - y: z\n")
    assert problems == []
    assert isinstance(tree, Mapping)
    assert tree.entries["a"][0] == 1
    seq = tree.get("b")
    assert isinstance(seq, Sequence) and seq.line == 3
    assert [item.line for item in seq.items] == [3, 4]


def test_duplicate_key_names_both_lines():
    _, problems = parse("name: 张三\nunit: 甲\nname: 李四\n")
    assert problems == ["f.yml:3: name: duplicate key (first given on line 1); keep only one"]


def test_anchor_and_alias_are_refused():
    _, problems = parse("a: &x 1\nb: *x\n")
    assert problems == [
        "f.yml:1: a: anchors (&x) are not allowed; write each value out in full",
        "f.yml:2: b: aliases (*x) are not allowed; write the value out in full",
    ]


def test_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi"))
    tree, problems = parse(bomb)
    assert len(problems) == 51 and all("not allowed" in p for p in problems[:-1])
    assert problems[-1] == ("f.yml: (file): … and 31 more problems in this file, not shown; fix those above and "
                            "check again")  # 9 anchors and 72 aliases: 50 shown


@pytest.mark.parametrize("text", ["a: !!python/object:os.system x\n", "a: !custom x\n", "a: !!str 123\n"])
def test_tags_are_refused(text):
    _, problems = parse(text)
    assert len(problems) == 1
    assert problems[0].startswith("f.yml:1: a: tags (")
    assert problems[0].endswith("are not allowed; remove the tag and quote the value if it is text")


def test_merge_keys_are_refused():
    _, problems = parse("a:\n  <<: {b: 1}\n")
    assert problems == ["f.yml:2: a: merge keys (<<) are not allowed; write the fields out in full"]


@pytest.mark.parametrize("value, implicit", [
    ("13800000000", "int"), ("100000", "int"), ("012345", "int"), ("12:30", "int"), ("no", "bool"),
    ("yes", "bool"), ("on", "bool"), ("1.5", "float"), ("2024-10-08", "timestamp"), ("~", "null"),
    ("010-12345678", "str"), ("张三", "str"),
])
def test_plain_scalars_record_what_yaml_would_make_of_them(value, implicit):
    tree, _ = parse(f"v: {value}\n")
    node = tree.get("v")
    assert isinstance(node, Scalar) and node.text == value and node.plain and node.implicit == implicit


def test_quoted_scalars_are_text():
    tree, _ = parse('v: "13800000000"\nw: \'no\'\n')
    assert tree.get("v").implicit == "str" and not tree.get("v").plain
    assert tree.get("w").text == "no"


def test_second_document_is_an_error():
    _, problems = parse("a: 1\n---\nb: 2\n")
    assert problems == ["f.yml:2: (file): a file holds one record; remove the second document (---) "
                        "or move it to its own file"]


def test_syntax_error_names_the_line_to_fix():
    _, problems = parse("a: 1\nb: [1, 2\nc: 3\n")  # the list is never closed: line 2, where it opens
    assert problems == ["f.yml:2: (syntax): the list opened with `[` on this line is not closed: separate its "
                        "items with half-width commas `,` (not `，`) and end it with `]`"]


def test_deep_nesting_is_refused():
    _, problems = parse("a: " + "[" * 200 + "]" * 200 + "\n")
    assert problems == ["f.yml:1: (file): nesting deeper than 32 levels; records are never this deep"]


def test_oversized_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yml"
    big.write_text("a: '" + "x" * MAX_BYTES + "'\n")
    problems = Problems()
    assert read_file(big, "big.yml", problems) is None
    assert [str(p) for p in problems.items] == [
        f"big.yml: (file): file is {big.stat().st_size:,} bytes, over the 1 MB limit; split it into several notices"]


def test_non_utf8_file_names_the_line(tmp_path):
    f = tmp_path / "bad.yml"
    f.write_bytes(b"a: 1\nb: \xff\xfe\n")  # neither UTF-8 nor GBK (GBK files: tests/test_traps.py)
    problems = Problems()
    assert read_file(f, "bad.yml", problems) is None
    assert [str(p) for p in problems.items] == ["bad.yml:2: (file): not valid UTF-8; save the file as UTF-8"]
