"""Read a JSON report written by `compliance check --format json` for `compliance diff`.

Only what the comparison needs is required (docs/json-output.md, schema 1.x); keys the
reader does not know are ignored, as the schema's versioning asks of consumers. Every problem
becomes a diagnostic naming the file, with line and column for JSON syntax errors; the
problems in one file are collected rather than reported one at a time.
"""

from __future__ import annotations

import difflib
import json
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from compliance.data.dataset import Location
from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path
from compliance.findings import Outcome, ReportPeriod, Severity, Subject, WaiverRef
from compliance.followup import problems
from compliance.followup.model import ReportedFinding, ReportedRule, ReportedRun

SUPPORTED_MAJOR = "1"
# A JSON report of a large kommun is far bigger than its data files, but never this big.
MAX_REPORT_BYTES = 1024 * 1024 * 1024
# A file that is some other JSON would give a problem per finding; the first ones suffice.
MAX_PROBLEMS = 20

T = TypeVar("T")


def read_report(path: Path) -> ReportedRun:
    """The report at `path`; raises `InputError` when it cannot be read or is not a report."""
    shown = display_path(path)
    text = _text(path, shown)
    document = _json(text, shown)
    return _Reader(shown).run(document)


# ---------------------------------------------------------------- bytes and JSON


def _text(path: Path, shown: str) -> str:
    def refuse(message: str, help: str | None = problems.REPORT_HELP) -> InputError:
        return InputError([problems.problem(problems.UNREADABLE, message, shown, help=help)])

    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise refuse(f"no such file: `{shown}`", _similar_report(path)) from None
    except OSError as error:
        raise refuse(f"cannot read `{shown}`: {_reason(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise refuse(f"`{shown}` is a directory, not a report")
    if not stat.S_ISREG(info.st_mode):
        raise refuse(f"cannot read `{shown}`: it is not a regular file")
    if info.st_size > MAX_REPORT_BYTES:
        raise refuse(f"`{shown}` is larger than {MAX_REPORT_BYTES // 2**20} MiB")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as error:
        raise refuse(f"cannot read `{shown}`: {_reason(error)}") from None
    try:
        # A byte-order mark is accepted: editors on Windows add one.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise InputError(
            [
                problems.problem(
                    problems.NOT_JSON,
                    f"`{shown}` is not UTF-8 text (byte {error.start + 1})",
                    shown,
                    Span.point(shown, line, column),
                )
            ]
        ) from None


def _similar_report(path: Path) -> str:
    """Help for a missing file: a JSON file with a similar name beside it, if there is one."""
    try:
        names = sorted(p.name for p in path.parent.glob("*.json"))
    except OSError:
        names = []
    match = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if match:
        return f"did you mean `{display_path(path.parent / match[0])}`?"
    return problems.REPORT_HELP


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset in mostly-UTF-8 data."""
    before = data[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def _json(text: str, shown: str) -> Any:
    if not text.strip():
        raise InputError(
            [problems.problem(problems.NOT_JSON, f"`{shown}` is empty, not a JSON report", shown)]
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # The line is quoted under the message, with a caret at the column.
        SOURCES.add(shown, text)
        span = Span.point(shown, error.lineno, error.colno)
        reason = error.msg[:1].lower() + error.msg[1:]
        raise InputError(
            [problems.problem(problems.NOT_JSON, f"this is not valid JSON: {reason}", shown, span)]
        ) from None
    except RecursionError:
        raise InputError(
            [problems.problem(problems.NOT_JSON, f"`{shown}` is nested too deeply", shown)]
        ) from None
    except ValueError as error:  # e.g. a number with more digits than Python converts
        raise InputError(
            [problems.problem(problems.NOT_JSON, f"`{shown}` cannot be read: {error}", shown)]
        ) from None


# ---------------------------------------------------------------- the report's shape


class _Invalid(Exception):
    """A value in the wrong shape; the reader records it and goes on with the next finding."""


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Diagnostic] = []

    def run(self, document: Any) -> ReportedRun:
        self._check_version(document)
        root: dict[str, Any] = document
        period = self._guarded(lambda: _period(_field(root, "period", dict), "period"))
        as_of = self._guarded(lambda: _date(_field(root, "as_of", str), "as_of"))
        kommun = self._guarded(lambda: _optional(root, "kommun", str))
        tool = self._guarded(lambda: _optional(root, "tool", dict)) or {}
        rules = self._items(root, "rules", _rule)
        findings = self._items(root, "findings", _finding)
        self._duplicates([r.id for r in rules], "rule `{}` is listed twice in `rules`")
        self._duplicates(
            [f.key for f in findings],
            "the finding of rule `{0[0]}` for {0[1]} `{0[2]}` is in `findings` twice",
        )
        if self.problems or period is None or as_of is None:
            raise InputError(self.problems[:MAX_PROBLEMS] + self._more())
        version = tool.get("version")
        return ReportedRun(
            file=self.file,
            schema_version=str(root["schema_version"]),
            tool_version=version if isinstance(version, str) else None,
            kommun=kommun,
            period=period,
            as_of=as_of,
            rules=tuple(rules),
            findings=tuple(findings),
        )

    def _check_version(self, document: Any) -> None:
        if isinstance(document, dict) and "diff_schema_version" in document:
            raise self._fatal(
                "this is a `compliance diff` report, not a report of one run",
                help="give the two reports it compared, written by `compliance check "
                "--format json`",
            )
        version = document.get("schema_version") if isinstance(document, dict) else None
        if not isinstance(version, str) or not isinstance(document.get("findings"), list):
            raise self._fatal(
                "this JSON file is not a report written by `compliance check --format json` "
                "(it has no `schema_version` and `findings`)"
            )
        if version.split(".")[0] != SUPPORTED_MAJOR:
            raise InputError(
                [
                    problems.problem(
                        problems.UNSUPPORTED_VERSION,
                        f"the report has schema version `{version}`; this version of "
                        f"compliance reads `{SUPPORTED_MAJOR}.x`",
                        self.file,
                        help="write both reports again with this version of compliance",
                    )
                ]
            )

    def _fatal(self, message: str, help: str = problems.REPORT_HELP) -> InputError:
        return InputError([problems.problem(problems.NOT_A_REPORT, message, self.file, help=help)])

    def _guarded(self, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except _Invalid as error:
            self.problems.append(self._problem(str(error)))
            return None

    def _items(self, root: dict[str, Any], key: str, read: Callable[[Any, str], T]) -> list[T]:
        items = self._guarded(lambda: _field(root, key, list))
        result: list[T] = []
        for index, item in enumerate(items or []):
            try:
                result.append(read(item, f"{key}[{index}]"))
            except _Invalid as error:
                self.problems.append(self._problem(str(error)))
        return result

    def _duplicates(self, keys: list[Any], template: str) -> None:
        seen: set[Any] = set()
        for key in keys:
            if key in seen:
                self.problems.append(self._problem(template.format(key)))
            seen.add(key)

    def _problem(self, message: str) -> Diagnostic:
        return problems.problem(problems.NOT_A_REPORT, message, self.file)

    def _more(self) -> list[Diagnostic]:
        extra = len(self.problems) - MAX_PROBLEMS
        if extra <= 0:
            return []
        return [self._problem(f"… and {extra} more problems like these")]


# ---------------------------------------------------------------- values


def _field(mapping: dict[str, Any], key: str, kind: type[T], where: str = "") -> T:
    path = f"{where}.{key}" if where else key
    if key not in mapping:
        raise _Invalid(f"`{path}` is missing")
    value = mapping[key]
    # JSON's true and false are Python bools, which are also ints; a count is never a bool.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _Invalid(f"`{path}` should be {_KIND_WORDS[kind]}, not {_describe(value)}")
    return value


def _optional(mapping: dict[str, Any], key: str, kind: type[T], where: str = "") -> T | None:
    if mapping.get(key) is None:
        return None
    return _field(mapping, key, kind, where)


_KIND_WORDS: dict[type, str] = {
    str: "a text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"the text `{value[:40]}`"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(f"`{where}` should be an object, not {_describe(value)}")
    return value


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Invalid(f"`{where}` should be a date such as `2026-09-30`, not `{text}`") from None


def _optional_date(mapping: dict[str, Any], key: str, where: str) -> date | None:
    text = _optional(mapping, key, str, where)
    return _date(text, f"{where}.{key}") if text is not None else None


def _choice(mapping: dict[str, Any], key: str, kind: Callable[[str], T], where: str) -> T:
    text = _field(mapping, key, str, where)
    try:
        return kind(text)
    except ValueError:
        raise _Invalid(f"`{where}.{key}` has the unknown value `{text}`") from None


def _period(value: dict[str, Any], where: str) -> ReportPeriod:
    return ReportPeriod(
        label=_field(value, "label", str, where),
        start=_date(_field(value, "start", str, where), f"{where}.start"),
        end=_date(_field(value, "end", str, where), f"{where}.end"),
    )


def _rule(value: Any, where: str) -> ReportedRule:
    rule = _object(value, where)
    return ReportedRule(
        id=_field(rule, "id", str, where),
        title=_field(rule, "title", str, where),
        severity=_choice(rule, "severity", Severity, where),
        document=_optional(rule, "document", str, where),
    )


def _finding(value: Any, where: str) -> ReportedFinding:
    finding = _object(value, where)
    rule = _field(finding, "rule", str, where)
    missing = _optional(finding, "missing", list, where) or []
    waiver = _optional(finding, "waiver", dict, where)
    return ReportedFinding(
        rule=rule,
        title=_field(finding, "title", str, where),
        severity=_choice(finding, "severity", Severity, where),
        outcome=_choice(finding, "outcome", Outcome, where),
        subject=_subject(_field(finding, "subject", dict, where), f"{where}.subject"),
        message=_field(finding, "message", str, where),
        location=_location(finding, "location", where),
        recommendation=_optional(finding, "recommendation", str, where),
        missing=tuple(str(item) for item in missing),
        deadline=_optional_date(finding, "deadline", where),
        waiver=_waiver(waiver, f"{where}.waiver", rule) if waiver is not None else None,
    )


def _subject(value: dict[str, Any], where: str) -> Subject:
    nämnd = _optional(value, "nämnd", dict, where)
    nämnd_where = f"{where}.nämnd"
    return Subject(
        kind=_field(value, "kind", str, where),
        id=_field(value, "id", str, where),
        name=_field(value, "name", str, where),
        nämnd_id=_field(nämnd, "id", str, nämnd_where) if nämnd is not None else None,
        nämnd_name=_optional(nämnd, "name", str, nämnd_where) if nämnd is not None else None,
    )


def _location(mapping: dict[str, Any], key: str, where: str) -> Location | None:
    value = _optional(mapping, key, dict, where)
    if value is None:
        return None
    path = f"{where}.{key}"
    return Location(
        file=_field(value, "file", str, path),
        line=_field(value, "line", int, path),
        column=_field(value, "column", int, path),
    )


def _waiver(value: dict[str, Any], where: str, rule: str) -> WaiverRef:
    original = _optional(value, "original_outcome", str, where)
    try:
        original_outcome = Outcome(original) if original is not None else None
    except ValueError:
        raise _Invalid(f"`{where}.original_outcome` has the unknown value `{original}`") from None
    return WaiverRef(
        rule=_optional(value, "rule", str, where) or rule,
        subject=_optional(value, "subject", str, where),
        justification=_field(value, "justification", str, where),
        decided_by=_optional(value, "decided_by", str, where),
        reference=_optional(value, "reference", str, where),
        valid_until=_date(_field(value, "valid_until", str, where), f"{where}.valid_until"),
        location=_location(value, "location", where),
        expired=bool(value.get("expired", False)),
        original_outcome=original_outcome,
    )
