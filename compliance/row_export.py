"""`--export-rows DIR`: every row behind a finding, for the auditor to follow up one by one.

A finding over an event table names how many rows broke the rule and shows the first few; the
export lists all of them. One CSV per rule (`DIR/HAN-SYN.csv`), in the form Swedish Excel
opens directly (UTF-8 with BOM, `;` between fields, decimal commas), each row prefixed with the
rule, the subject, the finding's outcome and where the row is in the data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from compliance.data.dataset import Dataset
from compliance.diagnostics import Diagnostic, InputError, display_path
from compliance.findings import Finding, Report
from compliance.messages import message
from compliance.output import refuse_input_as_output, write_atomically

if TYPE_CHECKING:
    import polars as pl

# The columns before the row's own fields.
LEADING = ("regel", "avser", "avser_namn", "bedömning", "fil", "rad")


def export_rows(
    report: Report, dataset: Dataset, directory: Path, inputs: Sequence[Path] = ()
) -> list[Path]:
    """Write one CSV per rule that has rows to show; returns the files written, in rule order.
    A file that would replace one of `inputs` is refused before anything is written."""
    _prepare(directory)
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.rows is not None and finding.rows.indices:
            by_rule.setdefault(finding.rule, []).append(finding)
    targets = {rule: directory / f"{_file_name(rule)}.csv" for rule in by_rule}
    for path in targets.values():
        refuse_input_as_output(path, inputs)
    written: list[Path] = []
    for rule, findings in by_rule.items():
        path = targets[rule]
        write_atomically(path, _csv(findings, dataset))
        written.append(path)
    return written


def _csv(findings: list[Finding], dataset: Dataset) -> bytes:
    import polars as pl

    from compliance.evaluator.columns.store import ColumnStore

    store = ColumnStore(dataset)
    parts: list[pl.DataFrame] = []
    for finding in findings:
        assert finding.rows is not None
        collection, indices = finding.rows.collection, list(finding.rows.indices)
        places = [dataset.location((collection, i)) for i in indices]
        leading = pl.DataFrame(
            {
                "regel": [finding.rule] * len(indices),
                "avser": [finding.subject.id] * len(indices),
                "avser_namn": [finding.subject.name] * len(indices),
                "bedömning": [message(f"report.outcome.{finding.outcome.value}")] * len(indices),
                "fil": [p.file if p else "" for p in places],
                "rad": [p.line if p else None for p in places],
            },
            schema={name: pl.String for name in LEADING[:-1]} | {"rad": pl.Int64},
        )
        parts.append(pl.concat([leading, store.frame(collection)[indices]], how="horizontal"))
    table = pl.concat(parts, how="diagonal")
    text = table.write_csv(separator=";", decimal_comma=True, date_format="%Y-%m-%d")
    # The BOM is what makes Excel read the file as UTF-8 (å, ä, ö) rather than Windows-1252.
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _file_name(rule: str) -> str:
    return re.sub(r"[^0-9A-Za-zÅÄÖåäö._-]", "_", rule)


def check_directory(directory: Path) -> None:
    """Refuse a `--export-rows` target that is not a directory, before any work is done."""
    if directory.exists() and not directory.is_dir():
        shown = display_path(directory)
        raise InputError(
            [
                Diagnostic(
                    "E404",
                    f"`--export-rows {shown}` is not a directory",
                    help="name a directory; it is created if it does not exist",
                )
            ]
        )


def _prepare(directory: Path) -> None:
    check_directory(directory)
    shown = display_path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            [Diagnostic("E404", f"the directory `{shown}` cannot be created: {error.strerror}")]
        ) from None
