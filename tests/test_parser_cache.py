"""The compiled-parser cache only ever saves time: it is used, rebuilt when damaged, optional."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lark import Lark

from compliance.syntax import parser_cache
from compliance.syntax.parser import _build_parser, _grammar_text

SAMPLE = 'styrdokument "P" { }\nkrav R "t" {\n  allvarlighet låg\n  kräver sant\n}\n'


def builds_counted() -> tuple[list[int], Callable[[], Lark]]:
    count: list[int] = []

    def build() -> Lark:
        count.append(1)
        return _build_parser()

    return count, build


def test_a_built_parser_is_saved_and_then_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(tmp_path))
    count, build = builds_counted()
    first = parser_cache.load_cached_parser(_grammar_text(), build)
    second = parser_cache.load_cached_parser(_grammar_text(), build)
    assert count == [1]
    assert list(tmp_path.glob("parser-*.lark"))
    assert first.parse(SAMPLE, start="start") == second.parse(SAMPLE, start="start")


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(tmp_path))
    path = parser_cache.cache_file(_grammar_text())
    assert path is not None
    path.write_bytes(b"not a parser")
    count, build = builds_counted()
    parser = parser_cache.load_cached_parser(_grammar_text(), build)
    assert count == [1]
    assert parser.parse(SAMPLE, start="start") is not None
    assert path.read_bytes() != b"not a parser"


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parser_cache.CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    count, build = builds_counted()
    parser_cache.load_cached_parser(_grammar_text(), build)
    parser_cache.load_cached_parser(_grammar_text(), build)
    assert count == [1, 1]
    assert not list(tmp_path.rglob("*.lark"))


def test_another_grammar_gets_another_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parser_cache.CACHE_ENV, str(tmp_path))
    assert parser_cache.cache_file("a") != parser_cache.cache_file("b")
