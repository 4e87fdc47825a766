"""Read one test file with positions and validate it into a `CaseFile`.

A test file is read by the YAML reader the data files use (`compliance.data.yaml_source`):
the position of every key and value is kept, a key given twice is reported, tags are
refused and size and nesting are bounded. Then its shape is checked here. Every problem in
the file is collected and raised together, each at its line and column; nothing is run from
a file that has one.

Only the shape of inline `organisation` data is checked here (a mapping); the data model
checks its content when the case is loaded (`loading`).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

from compliance.data import codes as data_codes
from compliance.data.dataset import DataPath
from compliance.data.wording import did_you_mean, listing, short
from compliance.data.yaml_source import YamlDocument, read_yaml_file
from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path
from compliance.findings import Outcome
from compliance.periods import Period, PeriodSyntaxError, parse_period
from compliance.testing import problems as codes
from compliance.testing.cases import Case, CaseFile, Expectation
from compliance.testing.discovery import RULE_SUFFIX, TEST_SUFFIX, rule_file_for
from compliance.testing.outcomes import WORDS, outcome_named
from compliance.testing.problems import problem

TOP_KEYS = ("regler", "fall")
CASE_KEYS = (
    "namn",
    "period",
    "avstämningsdag",
    "data",
    "organisation",
    "fullständigt",
    "förväntat",
)
ROW_KEYS = ("regel", "avser", "utfall")
DATA_SUFFIX = ".yaml"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# What to write, shown when a required value is missing or wrong.
EXAMPLES = {
    "namn": 'write e.g. `namn: "Valnämnden saknar tjänstegaranti"`',
    "period": "write e.g. `period: 2025`, `period: 2025-T2` or `period: 2025-01-01..2025-06-30`",
    "avstämningsdag": "write e.g. `avstämningsdag: 2026-09-30`",
    "förväntat": "list the expected findings, e.g. "
    "`- {regel: HAN-TG, avser: valnämnden, utfall: fail}`",
    "regel": "write the rule's id, e.g. `regel: HAN-TG`",
    "utfall": f"write one of {listing(list(WORDS))}",
}


def read_case_file(path: Path) -> CaseFile:
    """Read and validate the test file `path`; raises `InputError` with every problem in it."""
    shown = display_path(path)
    try:
        document = read_yaml_file(path)
    except InputError as error:
        raise InputError([_in_test_file_words(d) for d in error.diagnostics]) from None
    reader = _Reader(path, shown, document)
    case_file = reader.read()
    # A key given twice is only a warning-level problem for the data loader, which goes on
    # to report more; in a test file it is an error like any other.
    found = [*document.problems, *reader.problems]
    if found or case_file is None:
        raise InputError(found)
    return case_file


def _in_test_file_words(diagnostic: Diagnostic) -> Diagnostic:
    """The YAML reader words an empty or list-shaped file for data files; say it for tests."""
    help = "a test file is a mapping with `fall:` and optionally `regler:`; see docs/rule-tests.md"
    if diagnostic.code == data_codes.EMPTY:
        return problem(codes.SHAPE, "the test file is empty", None, diagnostic.where, help)
    if diagnostic.code == data_codes.NOT_A_MAPPING:
        file = diagnostic.file or diagnostic.where
        message = "the top level of a test file must be a mapping with `fall:`"
        return problem(codes.SHAPE, message, diagnostic.span, file, help)
    return diagnostic


def _where(path: DataPath) -> str:
    """`("fall", 2, "förväntat", 0)` → `fall[2].förväntat[0]`, as data diagnostics write it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return f"`{text}`" if text else "the test file"


def _found(value: object, raw: str | None) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool | int | float):
        return f"`{raw if raw is not None else value}`"
    if isinstance(value, str):
        return f"text `{short(value)}`"
    return "a list" if isinstance(value, list) else "a mapping"


class _Reader:
    def __init__(self, path: Path, shown: str, document: YamlDocument) -> None:
        self.path = path
        self.shown = shown
        self.document = document
        self.base = path.parent
        self.problems: list[Diagnostic] = []

    # ------------------------------------------------------------ the file

    def read(self) -> CaseFile | None:
        data = self.document.data
        self._unknown_keys(data, (), TOP_KEYS)
        rules = self._rules(data)
        cases = self._cases(data)
        if self.problems or rules is None or cases is None:
            return None
        text = SOURCES.texts.get(self.shown, "")
        return CaseFile(self.path, self.shown, text, rules, cases)

    def _rules(self, data: dict[str, Any]) -> tuple[Path, ...] | None:
        if data.get("regler") is None:
            return self._default_rules()
        entries = self._path_list(data["regler"], ("regler",), "rules/pack.rules")
        if entries is None:
            return None
        found: list[Path] = []
        for written, path in entries:
            target = self.base / written
            if target.exists():
                found.append(target)
            else:
                self._error(
                    codes.MISSING_FILE,
                    f"the rule file `{display_path(target)}` does not exist",
                    self._span(path),
                    _similar(target, RULE_SUFFIX),
                )
        return tuple(found) if len(found) == len(entries) else None

    def _default_rules(self) -> tuple[Path, ...] | None:
        default = rule_file_for(self.path)
        if default is None:
            self._error(
                codes.BAD_VALUE,
                "the test file does not say which rule files it tests",
                None,
                f"add `regler: [pack.rules]`, or name the file `<pack>{TEST_SUFFIX}` beside "
                f"`<pack>{RULE_SUFFIX}`",
            )
            return None
        if not default.is_file():
            self._error(
                codes.MISSING_FILE,
                f"`{display_path(default)}` does not exist; it is the rule file a test file "
                f"named `{self.path.name}` tests unless it says otherwise",
                None,
                "name the rule files with `regler: [...]`",
            )
            return None
        return (default,)

    def _cases(self, data: dict[str, Any]) -> tuple[Case, ...] | None:
        if "fall" not in data:
            self._error(
                codes.SHAPE,
                "the test file has no `fall`",
                self._start(()),
                "list the test cases under `fall:`; see docs/rule-tests.md",
            )
            return None
        value = data["fall"]
        if not isinstance(value, list):
            self._error(
                codes.BAD_VALUE,
                f"`fall` must be a list of test cases, found {self._found(('fall',))}",
                self._span(("fall",)),
                "write each case as a list item starting with `- namn: …`",
            )
            return None
        if not value:
            self._error(
                codes.SHAPE, "`fall` is empty: the file tests nothing", self._span(("fall",))
            )
            return None
        cases = [self._case(item, index) for index, item in enumerate(value)]
        kept = tuple(case for case in cases if case is not None)
        return kept if len(kept) == len(cases) else None

    # ------------------------------------------------------------ one case

    def _case(self, item: object, index: int) -> Case | None:
        path: DataPath = ("fall", index)
        if not isinstance(item, dict):
            self._error(
                codes.BAD_VALUE,
                f"{_where(path)} must be a mapping with `namn`, `period`, `avstämningsdag`, "
                f"`data` and `förväntat`, found {self._found(path)}",
                self._span(path),
            )
            return None
        self._unknown_keys(item, path, CASE_KEYS)
        name = self._text(item, path, "namn")
        period = self._period(item, path)
        as_of = self._date(item, path)
        data = self._data(item, path)
        complete = self._flag(item, path, "fullständigt")
        expectations = self._expectations(item, path, complete)
        span = self._span(path)
        if (
            name is None
            or period is None
            or as_of is None
            or data is None
            or complete is None
            or expectations is None
            or span is None
        ):
            return None
        files, inline = data
        return Case(
            file=self.shown,
            index=index,
            line=span.line,
            name=name,
            period=period,
            as_of=as_of,
            data=files,
            inline=inline,
            complete=complete,
            expectations=expectations,
        )

    def _period(self, item: dict[str, Any], path: DataPath) -> Period | None:
        if not self._required(item, path, "period"):
            return None
        value = item["period"]
        where = (*path, "period")
        if isinstance(value, bool) or not isinstance(value, int | str):
            self._error(
                codes.BAD_VALUE,
                f"`period` must be a year or a text such as `2025-T2`, found {self._found(where)}",
                self._span(where),
                EXAMPLES["period"],
            )
            return None
        try:
            return parse_period(value)
        except PeriodSyntaxError as error:
            self._error(codes.BAD_VALUE, str(error), self._span(where), EXAMPLES["period"])
            return None

    def _date(self, item: dict[str, Any], path: DataPath) -> date | None:
        key = "avstämningsdag"
        if not self._required(item, path, key):
            return None
        value = item[key]
        where = (*path, key)
        reason = ""
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError as error:
                reason = f" ({error})"
        self._error(
            codes.BAD_VALUE,
            f"`{key}` must be a date such as `2026-09-30`, found {self._found(where)}{reason}",
            self._span(where),
            EXAMPLES[key],
        )
        return None

    def _data(
        self, item: dict[str, Any], path: DataPath
    ) -> tuple[tuple[Path, ...], Span | None] | None:
        has_files, has_inline = "data" in item, "organisation" in item
        if has_files and has_inline:
            self._error(
                codes.BAD_VALUE,
                f"{_where(path)} has both `data` and `organisation`",
                self._key_span((*path, "organisation")),
                "give the data either as files (`data`) or inline (`organisation`), not both",
            )
            return None
        if has_inline:
            where = (*path, "organisation")
            span = self._span(where)
            if not isinstance(item["organisation"], dict) or span is None:
                self._error(
                    codes.BAD_VALUE,
                    "`organisation` must be a mapping with `kommun` and collections such as "
                    f"`nämnder`, as in a data file; found {self._found(where)}",
                    self._span(where),
                )
                return None
            return (), span
        if not has_files:
            self._error(
                codes.BAD_VALUE,
                f"{_where(path)} has no data: give `data` or `organisation`",
                self._start(path),
                "e.g. `data: [../fixtures/haninge/organisation.yaml]`, or the data itself "
                "under `organisation:`",
            )
            return None
        entries = self._path_list(item["data"], (*path, "data"), "../fixtures/x/organisation.yaml")
        if entries is None:
            return None
        files: list[Path] = []
        ok = True
        for written, where in entries:
            target = self.base / written
            if target.is_dir():
                # A test file kept beside the data is not data.
                found = sorted(
                    path
                    for path in target.rglob(f"*{DATA_SUFFIX}")
                    if not path.name.endswith(TEST_SUFFIX)
                )
                if not found:
                    ok = False
                    self._error(
                        codes.MISSING_FILE,
                        f"there are no data files (*{DATA_SUFFIX}) in `{display_path(target)}`",
                        self._span(where),
                    )
                files.extend(found)
            elif target.exists():
                files.append(target)
            else:
                ok = False
                self._error(
                    codes.MISSING_FILE,
                    f"the data file `{display_path(target)}` does not exist",
                    self._span(where),
                    _similar(target, DATA_SUFFIX),
                )
        return (tuple(files), None) if ok else None

    def _flag(self, item: dict[str, Any], path: DataPath, key: str) -> bool | None:
        value = item.get(key, False)
        if isinstance(value, bool):
            return value
        self._error(
            codes.BAD_VALUE,
            f"`{key}` must be `true` or `false`, found {self._found((*path, key))}",
            self._span((*path, key)),
        )
        return None

    # ------------------------------------------------------------ expectations

    def _expectations(
        self, item: dict[str, Any], path: DataPath, complete: bool | None
    ) -> tuple[Expectation, ...] | None:
        key = "förväntat"
        if not self._required(item, path, key):
            return None
        where = (*path, key)
        value = item[key]
        if not isinstance(value, list):
            self._error(
                codes.BAD_VALUE,
                f"`{key}` must be a list of expected findings, found {self._found(where)}",
                self._span(where),
                EXAMPLES[key],
            )
            return None
        if not value and not complete:
            self._error(
                codes.BAD_VALUE,
                f"`{key}` is empty: the case tests nothing",
                self._span(where),
                "list the expected findings, or add `fullständigt: true` to expect that the "
                "rules find nothing at all",
            )
            return None
        rows = [self._expectation(row, (*where, index)) for index, row in enumerate(value)]
        kept = [row for row in rows if row is not None]
        seen: dict[tuple[str, str | None], int] = {}
        for row in kept:
            pair = (row.rule, row.subject)
            if pair in seen:
                about = f" for `{row.subject}`" if row.subject is not None else ""
                self._error(
                    codes.DUPLICATE_EXPECTATION,
                    f"`{row.rule}`{about} is already expected on line {seen[pair]}",
                    row.span,
                    "expect each rule and subject once per case",
                )
            else:
                seen[pair] = row.line
        return tuple(kept) if len(kept) == len(rows) else None

    def _expectation(self, row: object, path: DataPath) -> Expectation | None:
        span = self._span(path)
        if not isinstance(row, dict) or span is None:
            self._error(
                codes.BAD_VALUE,
                f"{_where(path)} must be a mapping with `regel`, `utfall` and, for a rule "
                f"judged per subject, `avser`; found {self._found(path)}",
                span,
                EXAMPLES["förväntat"],
            )
            return None
        self._unknown_keys(row, path, ROW_KEYS)
        rule = self._text(row, path, "regel")
        valid, subject = self._subject(row, path)
        outcome = self._outcome(row, path)
        if rule is None or not valid or outcome is None:
            return None
        return Expectation(rule, subject, outcome, Span.point(span.file, span.line, span.column))

    def _subject(self, row: dict[str, Any], path: DataPath) -> tuple[bool, str | None]:
        """Whether `avser` is valid, and the subject id (None: the kommun as a whole)."""
        value = row.get("avser")
        if value is None:
            return True, None
        if isinstance(value, str) and value.strip():
            return True, value.strip()
        where = (*path, "avser")
        raw = self.document.raw.get(where)
        help = f'write it in quotes: `avser: "{raw}"`' if raw is not None else None
        self._error(
            codes.BAD_VALUE,
            f"`avser` must be the id of a subject (text), found {self._found(where)}",
            self._span(where),
            help,
        )
        return False, None

    def _outcome(self, row: dict[str, Any], path: DataPath) -> Outcome | None:
        if not self._required(row, path, "utfall"):
            return None
        value = row["utfall"]
        where = (*path, "utfall")
        outcome = outcome_named(value) if isinstance(value, str) else None
        if outcome is not None:
            return outcome
        suggestion = did_you_mean(value, list(WORDS)) if isinstance(value, str) else None
        self._error(
            codes.BAD_VALUE,
            f"{self._found(where)} is not an outcome",
            self._span(where),
            suggestion or EXAMPLES["utfall"],
        )
        return None

    # ------------------------------------------------------------ helpers

    def _text(self, item: dict[str, Any], path: DataPath, key: str) -> str | None:
        if not self._required(item, path, key):
            return None
        value = item[key]
        if isinstance(value, str) and value.strip():
            return value.strip()
        self._error(
            codes.BAD_VALUE,
            f"`{key}` must be text, found {self._found((*path, key))}",
            self._span((*path, key)),
            EXAMPLES.get(key),
        )
        return None

    def _required(self, item: dict[str, Any], path: DataPath, key: str) -> bool:
        if key not in item:
            self._error(
                codes.BAD_VALUE, f"{_where(path)} has no `{key}`", self._start(path), EXAMPLES[key]
            )
            return False
        if item[key] is None:
            self._error(
                codes.BAD_VALUE,
                f"`{key}` in {_where(path)} has no value",
                self._key_span((*path, key)),
                EXAMPLES[key],
            )
            return False
        return True

    def _path_list(
        self, value: object, path: DataPath, example: str
    ) -> list[tuple[str, DataPath]] | None:
        """The paths written in a `regler` or `data` value: one path, or a list of them."""
        key = str(path[-1])
        if isinstance(value, str) and value.strip():
            return [(value.strip(), path)]
        if (
            isinstance(value, list)
            and value
            and all(isinstance(entry, str) and entry.strip() for entry in value)
        ):
            return [(entry.strip(), (*path, index)) for index, entry in enumerate(value)]
        self._error(
            codes.BAD_VALUE,
            f"`{key}` must be a list of paths, found {self._found(path)}",
            self._span(path),
            f"write e.g. `{key}: [{example}]`; paths are relative to the test file",
        )
        return None

    def _unknown_keys(
        self, mapping: dict[str, Any], path: DataPath, allowed: tuple[str, ...]
    ) -> None:
        for key in mapping:
            if key in allowed:
                continue
            self._error(
                codes.UNKNOWN_KEY,
                f"unknown key `{key}` in {_where(path)}",
                self._key_span((*path, key)),
                did_you_mean(key, allowed) or f"the keys here are {listing(list(allowed))}",
            )

    def _found(self, path: DataPath) -> str:
        value: Any = self.document.data
        for part in path:
            value = value[part]
        return _found(value, self.document.raw.get(path))

    def _span(self, path: DataPath) -> Span | None:
        return self.document.span(path)

    def _key_span(self, path: DataPath) -> Span | None:
        return self.document.keys.get(path) or self._span(path)

    def _start(self, path: DataPath) -> Span | None:
        """The first character of what `path` holds: where a missing key should have been."""
        span = self._span(path)
        return Span.point(span.file, span.line, span.column) if span is not None else None

    def _error(self, code: str, message: str, span: Span | None, help: str | None = None) -> None:
        self.problems.append(problem(code, message, span, self.shown, help))


def _similar(target: Path, suffix: str) -> str | None:
    """Help for a missing file: a file with the same suffix and a similar name beside it."""
    try:
        names = sorted(
            p.name
            for p in target.parent.iterdir()
            # A test file is never the data file that was meant.
            if p.name.endswith(suffix) and not p.name.endswith(TEST_SUFFIX)
        )
    except OSError:
        return f"the directory `{display_path(target.parent)}` does not exist either"
    match = difflib.get_close_matches(target.name, names, n=1, cutoff=0.6)
    return f"did you mean `{display_path(target.parent / match[0])}`?" if match else None
