"""`compliance fmt [--check] PATH…`: format rule files in place, or show what would change.

Every file is read and formatted before any is written, so a file that does not parse stops
the run with every file's diagnostics and nothing is rewritten. Files already in the canonical
layout are never written (their bytes and modification time stay as they are); the others are
replaced atomically. A byte-order mark and the file's line endings are kept.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from compliance.api import RULE_SUFFIX, rule_files
from compliance.diagnostics import Diagnostic, InputError, display_path
from compliance.formatting.formatter import format_source
from compliance.output import write_atomically
from compliance.syntax.parser import read_rule_text

EXIT_FORMATTED = 0
EXIT_UNFORMATTED = 1  # only with `check`: a file is not in the canonical layout


@dataclass(frozen=True)
class FormattedFile:
    path: Path
    shown: str
    original: str
    formatted: str
    bom: bool

    @property
    def changed(self) -> bool:
        return self.formatted != self.original


def run_fmt(paths: Sequence[Path], *, check: bool, out: TextIO) -> int:
    """Format the rule files under `paths`; with `check`, print a diff instead of writing.

    Returns 1 when `check` finds a file that is not formatted, else 0. Raises `InputError`
    when there are no rule files or one of them cannot be read or does not parse.
    """
    files = _unique(rule_files(paths))
    if not files:
        shown = ", ".join(f"`{Path(p).as_posix()}`" for p in paths) or "nothing"
        raise InputError([Diagnostic("E403", f"no rule files (*{RULE_SUFFIX}) found in {shown}")])
    results: list[FormattedFile] = []
    problems: list[Diagnostic] = []
    for path in files:
        try:
            results.append(_format_file(path))
        except InputError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise InputError(problems)
    changed = [result for result in results if result.changed]
    if check:
        for result in changed:
            out.writelines(_diff(result))
        out.write(_check_summary(len(changed), len(results)) + "\n")
        return EXIT_UNFORMATTED if changed else EXIT_FORMATTED
    for result in changed:
        prefix = "\ufeff" if result.bom else ""
        # Through a symbolic link to the file it names, so that the link stays a link.
        write_atomically(result.path.resolve(), prefix + result.formatted)
    out.write(_write_summary(len(changed), len(results) - len(changed)) + "\n")
    return EXIT_FORMATTED


def _format_file(path: Path) -> FormattedFile:
    shown = display_path(path)
    text = read_rule_text(path, shown)
    with path.open("rb") as handle:
        bom = handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    return FormattedFile(path, shown, text, format_source(text, shown), bom)


def _unique(files: Sequence[Path]) -> list[Path]:
    """Each file once, in the order first named, however many of `paths` lead to it."""
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _diff(result: FormattedFile) -> Iterator[str]:
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.formatted.splitlines(keepends=True),
        f"a/{result.shown}",
        f"b/{result.shown}",
    )
    for line in lines:
        if line.endswith("\n"):
            yield line
        else:  # the last line of a file that does not end with a line break
            yield line + "\n\\ No newline at end of file\n"


def _rule_files(count: int) -> str:
    return f"{count} rule file" if count == 1 else f"{count} rule files"


def _write_summary(changed: int, unchanged: int) -> str:
    return f"{_rule_files(changed)} formatted, {unchanged} unchanged"


def _check_summary(changed: int, total: int) -> str:
    if not changed:
        return f"{_rule_files(total)} already formatted"
    return f"{changed} of {_rule_files(total)} would be reformatted"
