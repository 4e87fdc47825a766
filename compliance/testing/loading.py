"""The rule packs and the data of each case, through the same loaders `compliance check` uses.

Rule files and data files are loaded once per run however many cases name them (the loaded
values are read-only). A file that fails to load fails every case that names it, but its
diagnostics are reported once.

Inline data (`organisation:` in a case) is validated exactly like a data file, and its
problems are reported at their line and column in the test file. To get there the inline
block is loaded from the test file's own text with everything outside the block blanked
out: every line and column stays where it was, so the data loader's positions are already
positions in the test file. (YAML allows an indented top-level mapping, so the block parses
as it stands. An alias inside the block to an anchor outside it is therefore not found.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from compliance import api
from compliance.data.dataset import Dataset
from compliance.data.loader import load_dataset_text
from compliance.diagnostics import SOURCES, InputError, Span
from compliance.testing.cases import Case, CaseFile

T = TypeVar("T")


class Loader:
    """Loads rule packs and data sets, each once per run."""

    def __init__(self) -> None:
        self._rules: dict[tuple[Path, ...], api.RuleSet | InputError] = {}
        self._data: dict[tuple[Path, ...], Dataset | InputError] = {}

    def rules(self, paths: Sequence[Path]) -> api.RuleSet:
        """The checked rules of `paths`; raises `InputError` when they have errors."""
        key = tuple(path.resolve() for path in paths)
        if key not in self._rules:
            try:
                self._rules[key] = api.load_rules(paths)
            except InputError as error:
                self._rules[key] = error
        return _unwrap(self._rules[key])

    def data(self, case: Case, case_file: CaseFile) -> Dataset:
        """The case's data set; raises `InputError` when the data is not valid."""
        if case.inline is not None:
            return inline_dataset(case_file.text, case_file.shown, case.inline)
        key = tuple(path.resolve() for path in case.data)
        if key not in self._data:
            try:
                self._data[key] = api.load_data(case.data)
            except InputError as error:
                self._data[key] = error
        return _unwrap(self._data[key])


def _unwrap(loaded: T | InputError) -> T:
    if isinstance(loaded, InputError):
        raise InputError(loaded.diagnostics)
    return loaded


def inline_dataset(text: str, file: str, span: Span) -> Dataset:
    """Load the block `span` of `text` (the test file `file`) as a data file of its own."""
    try:
        return load_dataset_text(only(text, span), file)
    finally:
        # The loader records the text it parsed, for quoting source lines in diagnostics;
        # the user's file is the real text, not the blanked copy.
        SOURCES.add(file, text)


def only(text: str, span: Span) -> str:
    """`text` with every character outside `span` turned into a space, line breaks kept."""
    kept: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if number < span.line or number > span.end_line:
            kept.append(_blank(line))
            continue
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(line)
        kept.append(_blank(line[:start]) + line[start:end] + _blank(line[end:]))
    return "\n".join(kept)


def _blank(text: str) -> str:
    # A carriage return is part of a line break, and stays one.
    return "".join(char if char == "\r" else " " for char in text)
