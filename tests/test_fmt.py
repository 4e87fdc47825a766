"""`compliance fmt`: one canonical layout, never a change in meaning, every comment kept."""

from __future__ import annotations

import io
import os
import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.diagnostics import InputError
from compliance.formatting import format_source, format_text
from compliance.formatting import formatter as formatter_module
from compliance.formatting.command import run_fmt
from compliance.formatting.formatter import FormatterError
from compliance.syntax.concrete import comment_texts, source_tree
from compliance.syntax.parser import parse_rule_text

ROOT = Path(__file__).resolve().parent.parent
POLICY_FILES = sorted((ROOT / "policy_rules").glob("*.rules"))
CASES = Path(__file__).resolve().parent / "fmt_cases"
CASE_NAMES = sorted(path.stem for path in CASES.glob("*.input"))


def _parses(text: str) -> bool:
    try:
        parse_rule_text(text, "snippet.rules")
    except InputError:
        return False
    return True


def _language_snippets() -> dict[str, str]:
    snippets = {}
    for path in sorted((ROOT / "tests" / "language").glob("*.yaml")):
        text = yaml.safe_load(path.read_text("utf-8"))["rules"]
        if _parses(text):
            snippets[path.stem] = text
    return snippets


SNIPPETS = _language_snippets()
SOURCES = {
    **{f"policy_rules/{path.name}": path.read_text("utf-8") for path in POLICY_FILES},
    **{f"language/{name}": text for name, text in SNIPPETS.items()},
}


def _rewhite(text: str, choose: random.Random | None) -> str:
    """`text` with the white space between its tokens replaced.

    Where no comment stands between two tokens, the white space becomes a random choice (or
    one space when `choose` is None), and disappears where the tokens cannot run together.
    Around comments only spaces and tabs change: a line break there says whether a comment
    trails a line or stands on its own.
    """
    source = source_tree(text)
    parts: list[str] = []
    for index, gap in enumerate(source.gaps):
        left = source.leaves[index - 1].text if index else ""
        right = source.leaves[index].text if index < len(source.leaves) else ""
        if gap.comments:
            for comment in gap.comments:
                parts += ["\n" * comment.newlines_before, _spaces(choose), comment.text]
            parts += ["\n" * gap.newlines_after, _spaces(choose)]
        elif left and right:
            options = [" ", "  ", "\n", "\n\n", "\t", " \n    ", "\n\n\n  "]
            if _can_touch(left, right):
                options.append("")
            parts.append(" " if choose is None else choose.choice(options))
        if index < len(source.leaves):
            parts.append(source.leaves[index].text)
    return "".join(parts)


def _spaces(choose: random.Random | None) -> str:
    return "" if choose is None else choose.choice(["", " ", "   ", "\t"])


def _can_touch(left: str, right: str) -> bool:
    """Whether two tokens written without a space between them still read as two tokens."""
    a, b = left[-1], right[0]
    if re.match(r"\w", a) and re.match(r"\w", b):
        return False
    return not (a in "<>!=" and b == "=")


# ---------------------------------------------------------------- meaning and comments


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_formatting_keeps_the_rules_the_comments_and_is_idempotent(name: str) -> None:
    original = SOURCES[name]
    formatted = format_text(original)
    assert parse_rule_text(formatted, name) == parse_rule_text(original, name)
    assert comment_texts(formatted) == comment_texts(original)
    assert format_text(formatted) == formatted


def test_the_meaning_tests_cover_many_rule_texts() -> None:
    assert len(POLICY_FILES) >= 7
    assert len(SNIPPETS) >= 25


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_a_rule_file_written_on_one_line_per_comment_formats_like_the_original(
    path: Path,
) -> None:
    original = path.read_text("utf-8")
    squashed = _rewhite(original, None)
    assert squashed.count("\n") < original.count("\n") / 2
    assert format_source(squashed, path.name) == format_text(original)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    name=st.sampled_from(sorted(SOURCES)),
    choose=st.randoms(use_true_random=False),
)
def test_white_space_between_tokens_never_changes_the_result(
    name: str, choose: random.Random
) -> None:
    original = SOURCES[name]
    mutated = _rewhite(original, choose)
    tokens = [leaf.text for leaf in source_tree(mutated).leaves]
    assert tokens == [leaf.text for leaf in source_tree(original).leaves]
    assert format_source(mutated, name) == format_text(original)


NOTE_ENDINGS = ["x", "å", "#", "{", '"', "  "]


def _with_comments(text: str, choose: random.Random, count: int) -> str:
    """`text` with `count` comments added after random tokens, trailing or on lines of their own."""
    ends = [0, *(leaf.end for leaf in source_tree(text).leaves)]
    for number, position in enumerate(sorted(choose.sample(ends, count), reverse=True)):
        comment = f"# note {number} {choose.choice(NOTE_ENDINGS)}"
        added = choose.choice([f" {comment}\n", f"\n{comment}\n", f"\n\n  {comment}\n\n"])
        text = text[:position] + added + text[position:]
    return text


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    name=st.sampled_from(sorted(SOURCES)),
    choose=st.randoms(use_true_random=False),
    count=st.integers(min_value=1, max_value=12),
)
def test_comments_anywhere_are_kept_and_formatting_stays_idempotent(
    name: str, choose: random.Random, count: int
) -> None:
    commented = _with_comments(SOURCES[name], choose, count)
    formatted = format_source(commented, name)  # itself refuses a change in the rules
    assert parse_rule_text(formatted, name) == parse_rule_text(SOURCES[name], name)
    assert comment_texts(formatted) == comment_texts(commented)
    assert len(comment_texts(formatted)) == len(comment_texts(SOURCES[name])) + count
    assert format_text(formatted) == formatted


def test_quoted_texts_are_kept_character_for_character() -> None:
    for name, original in SOURCES.items():
        strings = [leaf.text for leaf in source_tree(original).leaves if leaf.kind == "STRING"]
        formatted = [
            leaf.text for leaf in source_tree(format_text(original)).leaves if leaf.kind == "STRING"
        ]
        assert formatted == strings, name


# ---------------------------------------------------------------- the layout


@pytest.mark.parametrize("case", CASE_NAMES)
def test_layout_case(case: str) -> None:
    given_text = (CASES / f"{case}.input").read_text("utf-8")
    expected = (CASES / f"{case}.expected").read_text("utf-8")
    assert format_source(given_text, f"{case}.input") == expected
    assert format_text(expected) == expected


def test_the_layout_cases_exist() -> None:
    assert {"comments", "long-expressions", "spacing"} <= set(CASE_NAMES)


def test_every_comment_stays_where_it_was_written() -> None:
    formatted = (CASES / "comments.expected").read_text("utf-8").splitlines()
    assert formatted[0] == "# The file's own comment block stays at the top,"
    assert formatted[1] == ""
    assert 'styrdokument "Policy" {  # a trailing comment stays on its line' in formatted
    assert "  kräver finns s i synpunkter där s.nämnd = n  # trailing inside an expression" in (
        formatted
    )
    assert "      # an own-line comment inside an expression" in formatted
    assert formatted[-1] == "# the last comment of the file"


def test_docs_example_before_and_after() -> None:
    doc = (ROOT / "docs" / "fmt.md").read_text("utf-8")
    before = re.search(r"```text\n(.*?)```", doc, re.S)
    after = re.search(r"```rules\n(.*?)```", doc, re.S)
    assert before is not None and after is not None
    assert format_source(before.group(1), "docs/fmt.md") == after.group(1)


def test_crlf_line_endings_and_a_byte_order_mark_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lf = (CASES / "spacing.input").read_text("utf-8")
    path = tmp_path / "windows.rules"
    path.write_bytes(b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode("utf-8"))
    assert run_fmt([path], check=False, out=io.StringIO()) == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    expected = (CASES / "spacing.expected").read_text("utf-8")
    assert data[3:].decode("utf-8") == expected.replace("\n", "\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert run_fmt([path], check=True, out=io.StringIO()) == 0


# ---------------------------------------------------------------- the safety net


def test_a_formatter_that_changed_the_rules_would_stop_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (CASES / "comments.expected").read_text("utf-8")
    monkeypatch.setattr(formatter_module, "format_text", lambda t: t.replace("låg", "hög"))
    with pytest.raises(FormatterError, match="would change the rules"):
        format_source(text, "comments.rules")


def test_a_formatter_that_lost_a_comment_would_stop_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (CASES / "comments.expected").read_text("utf-8")
    monkeypatch.setattr(
        formatter_module, "format_text", lambda t: t.replace("  # trailing\n", "\n")
    )
    with pytest.raises(FormatterError, match="comment"):
        format_source(text, "comments.rules")


# ---------------------------------------------------------------- the command


@pytest.fixture
def rule_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "done.rules").write_text(
        (CASES / "comments.expected").read_text("utf-8"), encoding="utf-8"
    )
    (folder / "todo.rules").write_text(
        (CASES / "spacing.input").read_text("utf-8"), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not a rule file", encoding="utf-8")
    return folder


def test_check_prints_a_diff_of_each_unformatted_file_and_exits_1(rule_dir: Path) -> None:
    before = {path.name: path.read_bytes() for path in rule_dir.iterdir()}
    out = io.StringIO()
    assert run_fmt([Path("rules")], check=True, out=out) == 1
    text = out.getvalue()
    assert text.startswith("--- a/rules/todo.rules\n+++ b/rules/todo.rules\n@@ ")
    assert '-document "Policy"{issuer "Kommunen" valid from 2020-01-01 to 2030-12-31}\n' in text
    assert '+document "Policy" {\n+  issuer "Kommunen"\n' in text
    assert "done.rules" not in text
    assert text.endswith("\n1 of 2 rule files would be reformatted\n")
    assert {path.name: path.read_bytes() for path in rule_dir.iterdir()} == before


def test_formatting_in_place_rewrites_only_what_changes(rule_dir: Path) -> None:
    done = rule_dir / "done.rules"
    os.utime(done, ns=(1_000_000_000, 1_000_000_000))
    done_bytes = done.read_bytes()
    out = io.StringIO()
    assert run_fmt([Path("rules")], check=False, out=out) == 0
    assert out.getvalue() == "1 rule file formatted, 1 unchanged\n"
    assert done.read_bytes() == done_bytes
    assert done.stat().st_mtime_ns == 1_000_000_000
    assert (rule_dir / "todo.rules").read_text("utf-8") == (CASES / "spacing.expected").read_text(
        "utf-8"
    )
    again = io.StringIO()
    assert run_fmt([Path("rules")], check=True, out=again) == 0
    assert again.getvalue() == "2 rule files already formatted\n"


def test_a_file_that_does_not_parse_is_reported_and_nothing_is_rewritten(
    rule_dir: Path,
) -> None:
    broken = rule_dir / "broken.rules"
    broken.write_text('styrdokument "P" { }\nkrav R "x" {\n  allvarlihet låg\n}\n', "utf-8")
    before = {path.name: path.read_bytes() for path in rule_dir.iterdir()}
    for check in (False, True):
        out = io.StringIO()
        with pytest.raises(InputError) as raised:
            run_fmt([Path("rules")], check=check, out=out)
        (diagnostic,) = raised.value.diagnostics
        assert diagnostic.code == "E101"
        assert str(diagnostic.span) == "rules/broken.rules:3:3"
        assert diagnostic.help == "did you mean `allvarlighet`?"
        assert out.getvalue() == ""
    assert {path.name: path.read_bytes() for path in rule_dir.iterdir()} == before


def test_missing_files_and_empty_directories_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        run_fmt([tmp_path / "missing.rules"], check=False, out=io.StringIO())
    assert [d.code for d in missing.value.diagnostics] == ["E110"]
    with pytest.raises(InputError) as empty:
        run_fmt([tmp_path], check=True, out=io.StringIO())
    assert [d.code for d in empty.value.diagnostics] == ["E403"]


def test_an_expression_too_deep_to_format_is_an_input_error_and_not_rewritten(
    tmp_path: Path,
) -> None:
    terms = " + ".join(["1"] * 400)
    path = tmp_path / "deep.rules"
    path.write_text(
        f'styrdokument "P" {{}}\nkrav R "x" {{\n  allvarlighet låg\n  kräver {terms} > 0\n}}\n',
        "utf-8",
    )
    before = path.read_bytes()
    parse_rule_text(before.decode("utf-8"), "deep.rules")  # the parser itself reads it
    with pytest.raises(InputError) as raised:
        run_fmt([path], check=False, out=io.StringIO())
    assert [d.code for d in raised.value.diagnostics] == ["E112"]
    assert path.read_bytes() == before


def test_a_file_named_twice_is_formatted_once(rule_dir: Path) -> None:
    out = io.StringIO()
    assert run_fmt([Path("rules"), Path("rules/todo.rules")], check=True, out=out) == 1
    assert out.getvalue().count("--- a/rules/todo.rules") == 1
    assert out.getvalue().endswith("1 of 2 rule files would be reformatted\n")


def test_the_bundled_rule_files_are_formatted() -> None:
    out = io.StringIO()
    assert run_fmt([ROOT / "policy_rules"], check=True, out=out) == 0, out.getvalue()
    assert out.getvalue() == f"{len(POLICY_FILES)} rule files already formatted\n"
