"""`compliance diff OLD NEW`: read two reports, compare them, write the diff in one format.

Exit codes, like `compliance check`:

    0  no finding fails now that did not fail before (nothing new; persisting ones allowed)
    1  at least one new failing finding (`fail` or `insufficient_data`; also a waiver that
       no longer covers a finding)
    2  a report cannot be read or is not a report, or an option is wrong (raised as
       `InputError`; the command line prints the diagnostics and exits 2)
"""

from __future__ import annotations

import sys
from pathlib import Path

from compliance.config import unknown_choice
from compliance.diagnostics import Diagnostic, InputError
from compliance.followup.comparing import compare
from compliance.followup.formats import BINARY_FORMATS, FORMATS
from compliance.followup.model import ReportDiff, ReportedRun
from compliance.followup.reading import read_report
from compliance.messages import LANGUAGES, use_language
from compliance.output import (
    refuse_input_as_output,
    terminal_style,
    write_atomically,
    write_stdout,
)

EXIT_OK = 0
EXIT_NEW_FAILURES = 1


def run_diff(old: Path, new: Path, *, format: str, output: Path | None, lang: str) -> int:
    """Compare the report `old` (the earlier review) with `new` and write the diff.

    Returns the exit code: 1 when a finding fails now that did not before, else 0.
    """
    # Every problem with the options and both files is reported in one run.
    problems = _option_problems(format, lang, output)
    if output is not None:
        try:
            refuse_input_as_output(output, [old, new])
        except InputError as error:
            problems.extend(error.diagnostics)
    runs: list[ReportedRun] = []
    for path in (old, new):
        try:
            runs.append(read_report(path))
        except InputError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise InputError(problems)
    diff = compare(runs[0], runs[1])
    color, width = terminal_style(format, to_file=output is not None)
    with use_language(lang):
        text = FORMATS[format](diff, color=color, width=width)
    if output is not None:
        write_atomically(output, text)
    else:
        write_stdout(text)
    return exit_code_for(diff)


def exit_code_for(diff: ReportDiff) -> int:
    return EXIT_NEW_FAILURES if diff.has_new_failures else EXIT_OK


def _option_problems(format: str, lang: str, output: Path | None) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for option, value, choices in (
        ("--format", format, tuple(FORMATS)),
        ("--lang", lang, LANGUAGES),
    ):
        if value not in choices:
            text, help = unknown_choice(option, value, choices)
            problems.append(Diagnostic("E402", text, help=help))
    if format in BINARY_FORMATS and output is None and sys.stdout.isatty():
        problems.append(
            Diagnostic(
                "E404",
                f"the `{format}` format is a binary file and cannot be shown in a terminal",
                help=f"pass `--output diff.{format}`",
            )
        )
    return problems
