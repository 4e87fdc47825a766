"""Project configuration: `compliance.toml`, or `[tool.compliance]` in `pyproject.toml`.

A project keeps its rule packs, data files, period and threshold in one file so that CI and
every person in the team run the same check. The file is found in the working directory or
the nearest parent that has one (up to the filesystem root), or named with `--config`:

    rules = ["policy_rules"]
    data = ["fixtures/haninge/organisation.yaml"]
    period = 2025
    as_of = 2026-09-30
    fail_on = "medium"

Paths are relative to the file's own directory, so the check gives the same result from any
subdirectory. Command-line flags override the file; a list given on the command line replaces
the file's list rather than adding to it, so a flag always means exactly what it says.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path

if TYPE_CHECKING:
    from compliance.grading import GradingScale

CONFIG_FILE = "compliance.toml"
PYPROJECT_FILE = "pyproject.toml"
PYPROJECT_TABLE = ("tool", "compliance")
CODE = "E401"
# A config file is a few lines; anything larger is not one.
MAX_CONFIG_BYTES = 1024 * 1024

# `--fail-on` levels, lowest first; `never` makes `check` exit 0 whatever it finds.
FAIL_ON_LEVELS = ("low", "medium", "high", "critical", "never")
KEYS = (
    "rules",
    "data",
    "period",
    "as_of",
    "fail_on",
    "format",
    "output",
    "reports",
    "lang",
    "waivers",
    "grading",
    "backend",
    "export_rows",
)


@dataclass(frozen=True)
class Config:
    """Settings for a run, from a config file and the command line; paths already resolved."""

    file: Path | None = None
    rules: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()
    period: str | None = None
    # An ISO date, or `today`, which the command line turns into a date and says so.
    as_of: str | None = None
    fail_on: str | None = None
    format: str | None = None
    output: Path | None = None
    # Further reports written in the same run: (format, file) pairs, in the order given.
    reports: tuple[tuple[str, Path], ...] = ()
    lang: str | None = None
    waivers: Path | None = None
    # The graded-assessment scale of the memo formats (`[grading]`); None: the default scale.
    grading: GradingScale | None = None
    backend: str | None = None
    # A directory for one CSV per rule listing every row a finding did not pass.
    export_rows: Path | None = None

    def with_flags(
        self,
        *,
        rules: Sequence[Path] | None = None,
        data: Sequence[Path] | None = None,
        period: str | None = None,
        as_of: str | None = None,
        fail_on: str | None = None,
        format: str | None = None,
        output: Path | None = None,
        reports: Sequence[tuple[str, Path]] | None = None,
        lang: str | None = None,
        waivers: Path | None = None,
        backend: str | None = None,
        export_rows: Path | None = None,
    ) -> Config:
        """This config with every flag that was given taking the place of the file's value."""
        return replace(
            self,
            rules=tuple(rules) if rules else self.rules,
            data=tuple(data) if data else self.data,
            period=period if period is not None else self.period,
            as_of=as_of if as_of is not None else self.as_of,
            fail_on=fail_on if fail_on is not None else self.fail_on,
            format=format if format is not None else self.format,
            output=output if output is not None else self.output,
            reports=tuple(reports) if reports else self.reports,
            lang=lang if lang is not None else self.lang,
            waivers=waivers if waivers is not None else self.waivers,
            backend=backend if backend is not None else self.backend,
            export_rows=export_rows if export_rows is not None else self.export_rows,
        )

    def input_files(self) -> tuple[Path, ...]:
        """Every file a run reads besides the rule files inside rule directories."""
        extra = (self.file,) if self.file else ()
        waivers = (self.waivers,) if self.waivers else ()
        return (*self.rules, *self.data, *waivers, *extra)


def find_config(start: Path) -> Path | None:
    """The nearest `compliance.toml`, or `pyproject.toml` with a `[tool.compliance]` table."""
    for directory in (start.resolve(), *start.resolve().parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT_FILE
        if pyproject.is_file() and _mentions_table(pyproject):
            return pyproject
    return None


def _mentions_table(pyproject: Path) -> bool:
    # A cheap look before parsing: an unrelated, broken pyproject.toml in a parent directory
    # must not stop a run that never meant to read it.
    try:
        return ".".join(PYPROJECT_TABLE) in pyproject.read_text("utf-8", errors="replace")
    except OSError:
        return False


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    """The config named by `--config`, else the one found from `start` (the working directory).

    No config file at all is not an error: everything can come from flags.
    """
    if explicit is not None:
        return read_config(explicit)
    found = find_config(start if start is not None else Path.cwd())
    return read_config(found) if found is not None else Config()


def read_config(path: Path) -> Config:
    """Read and validate one config file; raises `InputError` with every problem in it."""
    shown = display_path(path)
    if not path.exists():
        raise _error(f"the config file `{shown}` does not exist", file=shown)
    if path.is_dir():
        raise _error(f"`{shown}` is a directory, not a config file", file=shown)
    if not path.is_file():
        # A pipe or a device would block the run or never end.
        raise _error(f"cannot read `{shown}`: it is not a regular file", file=shown)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise _error(f"the config file `{shown}` is larger than 1 MiB", file=shown)
        text = data.decode("utf-8-sig")
    except OSError as error:
        raise _error(
            f"cannot read the config file `{shown}`: {error.strerror}", file=shown
        ) from None
    except UnicodeDecodeError:
        raise _error(
            f"the config file `{shown}` is not UTF-8 text", file=shown, help="save it as UTF-8"
        ) from None
    SOURCES.add(shown, text)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError([_syntax_diagnostic(error, shown, text)]) from None

    in_pyproject = path.name == PYPROJECT_FILE
    table: object = document
    if in_pyproject:
        tool = document.get(PYPROJECT_TABLE[0])
        table = tool.get(PYPROJECT_TABLE[1]) if isinstance(tool, dict) else None
        if table is None:
            raise _error(
                f"`{shown}` has no `[tool.compliance]` table",
                file=shown,
                help="add the table, or name a `compliance.toml` with `--config`",
            )
    header = PYPROJECT_TABLE if in_pyproject else ()
    if not isinstance(table, dict):
        raise _error(f"`tool.compliance` in `{shown}` must be a table", file=shown)
    positions = _key_positions(text, header)
    return _validate(table, path, shown, positions)


# ---------------------------------------------------------------- validation


def _validate(
    table: dict[str, Any], path: Path, shown: str, positions: dict[str, tuple[int, int]]
) -> Config:
    base = path.parent
    problems: list[Diagnostic] = []

    def problem(key: str, message: str, help: str | None = None) -> None:
        position = positions.get(key)
        span = Span.point(shown, *position, width=len(key)) if position else None
        problems.append(Diagnostic(CODE, message, span, help=help, file=shown))

    values: dict[str, Any] = {}
    for key, value in table.items():
        match key:
            case "rules" | "data":
                if _is_path_list(value):
                    values[key] = tuple(base / item for item in value)
                else:
                    example = "policy_rules" if key == "rules" else "organisation.yaml"
                    problem(
                        key,
                        f"`{key}` must be a list of paths",
                        help=f'write e.g. `{key} = ["{example}"]`',
                    )
            case "period":
                period, message = _period(value)
                if period is not None:
                    values[key] = period
                else:
                    problem(key, message, help='write e.g. `period = 2025` or `period = "2025-T2"`')
            case "as_of":
                as_of, message = _as_of(value)
                if as_of is not None:
                    values[key] = as_of
                else:
                    problem(key, message, help='write e.g. `as_of = 2026-09-30` or `"today"`')
            case "fail_on":
                if isinstance(value, str) and value in FAIL_ON_LEVELS:
                    values[key] = value
                else:
                    problem(key, *unknown_choice("fail_on", value, FAIL_ON_LEVELS))
            case "format":
                from compliance.reporters import FORMATS

                if isinstance(value, str) and value in FORMATS:
                    values[key] = value
                else:
                    problem(key, *unknown_choice("format", value, tuple(FORMATS)))
            case "output" | "waivers" | "export_rows":
                if isinstance(value, str) and value:
                    values[key] = base / value
                else:
                    example = {"output": "report.json", "waivers": "undantag.yaml"}.get(
                        key, "avvikande-rader"
                    )
                    problem(
                        key, f"`{key}` must be a path", help=f'write e.g. `{key} = "{example}"`'
                    )
            case "reports":
                reports, message = _reports(value, base)
                if reports is not None:
                    values[key] = reports
                else:
                    problem(key, message, help='write e.g. `[reports]` and `sarif = "out.sarif"`')
            case "grading":
                from compliance.grading import parse_grading

                if not isinstance(value, dict):
                    problem(
                        key,
                        "`grading` must be a table",
                        help='write `[grading]` and `scale = "uppfyllt"`',
                    )
                else:
                    try:
                        values[key] = parse_grading(value, shown)
                    except InputError as error:
                        problems.extend(_placed(error.diagnostics, positions, "grading"))
            case "backend" | "lang":
                choices = _choices(key)
                if isinstance(value, str) and value in choices:
                    values[key] = value
                else:
                    problem(key, *unknown_choice(key, value, choices))
            case _:
                problem(key, f"unknown setting `{key}`", help=_did_you_mean(key, KEYS))
    if problems:
        raise InputError(problems)
    return Config(file=path, **values)


def _reports(value: object, base: Path) -> tuple[tuple[tuple[str, Path], ...] | None, str]:
    """The `[reports]` table as (format, file) pairs, or None and what is wrong with it."""
    from compliance.reporters import FORMATS

    if not isinstance(value, dict):
        return None, "`reports` must be a table of format = file"
    pairs: list[tuple[str, Path]] = []
    for name, file in value.items():
        if name not in FORMATS:
            return None, unknown_choice("reports", name, tuple(FORMATS))[0].replace(
                "valid `reports`", "report format"
            )
        if not isinstance(file, str) or not file:
            return None, f"the `{name}` report must be given a file name"
        pairs.append((name, base / file))
    return tuple(pairs), ""


def _placed(
    diagnostics: Sequence[Diagnostic], positions: dict[str, tuple[int, int]], key: str
) -> list[Diagnostic]:
    """Diagnostics about a table, placed at the table's key when they have no position."""
    position = positions.get(key)
    if position is None:
        return list(diagnostics)
    return [
        d if d.span is not None else replace(d, span=Span.point(d.file or "", *position))
        for d in diagnostics
    ]


def _is_path_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


def _period(value: object) -> tuple[str | None, str]:
    """The period's label, or None and what is wrong with it."""
    from compliance.periods import PeriodSyntaxError, parse_period

    if isinstance(value, bool) or not isinstance(value, int | str):
        return None, "`period` must be a year or a text such as `2025-T2`"
    try:
        return parse_period(value).label, ""
    except PeriodSyntaxError as error:
        return None, str(error)


def _as_of(value: object) -> tuple[str | None, str]:
    # TOML has its own date type; a datetime is also a `date` in Python, so it is ruled out
    # first: an as-of date with a time of day would silently drop the time.
    if isinstance(value, datetime):
        return None, "`as_of` must be a date without a time of day"
    if isinstance(value, date):
        return value.isoformat(), ""
    if isinstance(value, str):
        if value == "today":
            return value, ""
        try:
            return date.fromisoformat(value).isoformat(), ""
        except ValueError:
            return None, f"`as_of` is `{value}`, which is not a date such as `2026-09-30`"
    return None, '`as_of` must be a date such as `2026-09-30`, or `"today"`'


def _choices(key: str) -> tuple[str, ...]:
    """The allowed values of a setting that is one of a few words."""
    if key == "backend":
        from compliance.backends import BACKENDS

        return BACKENDS
    from compliance.messages import LANGUAGES

    return LANGUAGES


def unknown_choice(name: str, value: object, choices: Sequence[str]) -> tuple[str, str]:
    """Message and help for a value that is not one of `choices`; shared with the CLI."""
    listed = ", ".join(f"`{choice}`" for choice in choices)
    if not isinstance(value, str):
        return f"`{name}` must be one of {listed}", f'write e.g. `{name} = "{choices[0]}"`'
    suggestion = _did_you_mean(value, choices)
    return f"`{value}` is not a valid `{name}`", suggestion or f"use one of {listed}"


def _did_you_mean(word: str, candidates: Sequence[str]) -> str | None:
    # Flags are spelt with hyphens, config keys with underscores; `fail-on` means `fail_on`.
    normalised = word.replace("-", "_").lower()
    if normalised in candidates and normalised != word:
        return f"did you mean `{normalised}`?"
    matches = difflib.get_close_matches(normalised, candidates, n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else None


# ---------------------------------------------------------------- positions


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^(\s*)(?:\"([^\"]+)\"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=")


def _key_positions(text: str, table: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    """Line and column of each key of `table` (the root table when empty).

    `tomllib` keeps no positions, so this reads the lines directly. It recognises plain
    `key = value` lines under a `[table]` header, which is how config files are written; a
    key it cannot place is still reported, only without a position.
    """
    positions: dict[str, tuple[int, int]] = {}
    current: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("[["):
            current = ("[[array]]",)
            continue
        header = _TABLE_HEADER.match(line)
        if header is not None:
            current = tuple(part.strip().strip("\"'") for part in header.group(1).split("."))
            # A sub-table such as `[grading]` is placed at its header.
            if current[: len(table)] == table and len(current) == len(table) + 1:
                positions.setdefault(current[-1], (number, line.index("[") + 2))
            continue
        key = _KEY.match(line)
        if key is not None and current == table:
            name = key.group(2) or key.group(3) or key.group(4)
            positions.setdefault(name, (number, len(key.group(1)) + 1))
    return positions


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _syntax_diagnostic(error: tomllib.TOMLDecodeError, shown: str, text: str) -> Diagnostic:
    raw = str(error)
    match = _TOML_POSITION.search(raw)
    reason = _TOML_POSITION.sub("", raw).replace(" (at end of document)", "")
    reason = reason[:1].lower() + reason[1:]
    if match is not None:
        span = Span.point(shown, int(match.group(1)), int(match.group(2)))
    else:
        # "at end of document": point just after the last line.
        lines = text.splitlines() or [""]
        span = Span.point(shown, len(lines), len(lines[-1]) + 1)
    return Diagnostic(CODE, f"the config file is not valid TOML: {reason}", span, file=shown)


def _error(message: str, *, file: str, help: str | None = None) -> InputError:
    return InputError([Diagnostic(CODE, message, help=help, file=file)])
