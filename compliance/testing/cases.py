"""A test file once read and validated: its rule files and its cases with their expectations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from compliance.diagnostics import Span
from compliance.findings import Outcome
from compliance.periods import Period


@dataclass(frozen=True)
class Expectation:
    """One row of `förväntat`: the outcome a rule should give for a subject."""

    rule: str
    # None: the finding of a rule judged for the kommun as a whole.
    subject: str | None
    outcome: Outcome
    span: Span

    @property
    def line(self) -> int:
        return self.span.line


@dataclass(frozen=True)
class Case:
    """One entry of `fall`."""

    file: str
    index: int
    line: int
    name: str
    period: Period
    as_of: date
    # The data files (directories already expanded), or the span of the inline
    # `organisation` mapping in the test file; exactly one of the two is given.
    data: tuple[Path, ...]
    inline: Span | None
    complete: bool
    expectations: tuple[Expectation, ...]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class CaseFile:
    path: Path
    # The path as shown to the user, and the file's text (inline data is loaded from it).
    shown: str
    text: str
    rules: tuple[Path, ...]
    cases: tuple[Case, ...]
