"""A test run as plain text: a line per case, the differences of failing cases, coverage, counts.

The text is the same in every terminal and log: no colour, a fixed width, and every word
from the message catalogue (compliance/messages/sv/test.toml).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from compliance.messages import message
from compliance.testing.comparing import Difference, Kind
from compliance.testing.coverage import Coverage, RuleCoverage
from compliance.testing.json_report import render_json
from compliance.testing.running import CaseResult, RuleTestRun

WIDTH = 100
INDENT = "    "


def render_terminal(run: RuleTestRun, *, require_coverage: bool = False) -> str:
    lines: list[str] = []
    for result in run.results:
        lines.extend(_case(result))
    lines.append("")
    lines.extend(_coverage(run.coverage))
    if require_coverage and not run.coverage.complete:
        lines.append(message("test.coverage.required"))
    lines.append("")
    lines.append(message("test.summary.counts", passed=run.passed, failed=run.failed))
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[..., str]] = {"terminal": render_terminal, "json": render_json}


def render(run: RuleTestRun, format: str, *, require_coverage: bool = False) -> str:
    return FORMATS[format](run, require_coverage=require_coverage)


# ---------------------------------------------------------------- cases


def _case(result: CaseResult) -> list[str]:
    case = result.case
    if result.passed:
        return [message("test.case.passed", where=case.where, name=case.name)]
    lines = [message("test.case.failed", where=case.where, name=case.name)]
    head = (
        message("test.diff.line"),
        message("test.diff.rule"),
        message("test.diff.subject"),
        message("test.diff.expected"),
        message("test.diff.got"),
    )
    rows = [_cells(difference) for difference in result.differences]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    # Explanations are indented to the rule column, under the row they explain.
    under = INDENT + " " * (widths[0] + 2)
    lines.append(_row(head, widths))
    for difference, row in zip(result.differences, rows, strict=True):
        lines.append(_row(row, widths))
        for text in (difference.message, difference.help):
            if text:
                lines.extend(
                    textwrap.wrap(
                        text,
                        WIDTH,
                        initial_indent=under,
                        subsequent_indent=under + "  ",
                        break_on_hyphens=False,
                    )
                )
    return lines


def _cells(difference: Difference) -> tuple[str, str, str, str, str]:
    none = message("test.diff.none")
    if difference.expected is not None:
        expected = difference.expected.value
    elif difference.kind is Kind.UNEXPECTED:
        expected = message("test.diff.not_listed")
    else:
        expected = none
    return (
        str(difference.line) if difference.line is not None else none,
        difference.rule,
        difference.subject if difference.subject is not None else message("test.diff.kommun"),
        expected,
        difference.got.value if difference.got is not None else none,
    )


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=True)]
    return (INDENT + "  ".join(padded)).rstrip()


# ---------------------------------------------------------------- coverage


def _coverage(coverage: Coverage) -> list[str]:
    total = len(coverage.rules)
    if coverage.complete:
        if total == 1:
            return [message("test.coverage.complete_one")]
        return [message("test.coverage.complete", total=total)]
    lacking = coverage.lacking
    lines = [message("test.coverage.incomplete", covered=total - len(lacking), total=total)]
    rule_width = max((len(rule.rule) for rule in lacking), default=0)
    texts = [_lacks(rule) for rule in lacking]
    text_width = max((len(text) for text in texts), default=0)
    for rule, text in zip(lacking, texts, strict=True):
        where = f"{rule.file}:{rule.line}"
        lines.append(f"  {rule.rule.ljust(rule_width)}  {text.ljust(text_width)}  {where}")
    lines.extend(
        "  " + message("test.coverage.untested_file", file=file) for file in coverage.untested_files
    )
    return lines


def _lacks(rule: RuleCoverage) -> str:
    if not rule.expects_pass and not rule.expects_fail:
        return message("test.coverage.lacks_both")
    if not rule.expects_pass:
        return message("test.coverage.lacks_pass")
    return message("test.coverage.lacks_fail")
