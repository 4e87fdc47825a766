"""Read a waiver file (undantag): accepted deviations, each justified, decided and dated.

    undantag:
      - regel: HAN-TG
        avser: valnämnden
        motivering: "Nämnden avvecklas 2027; garantier tas inte fram."
        beslutat_av: Kommunstyrelsen
        diarienummer: KS 2026/123
        giltigt_till: 2027-06-30

The file is read with the same safe YAML reader as the data files (positions, duplicate keys,
size and alias limits), then checked here by hand so that every message names the waiver
file's own keys. A waiver without `motivering` or for a rule that does not exist is an input
error: an undocumented or mistargeted exception must not silently pass an audit.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from compliance.data import codes as data_codes
from compliance.data.dataset import DataPath, Location
from compliance.data.wording import did_you_mean, listing, short
from compliance.data.yaml_source import YamlDocument, read_yaml_file
from compliance.diagnostics import Diagnostic, InputError, Span, display_path

TOP_KEY = "undantag"
REQUIRED_KEYS = ("regel", "motivering", "giltigt_till")
OPTIONAL_KEYS = ("avser", "beslutat_av", "diarienummer")
KEYS = (*REQUIRED_KEYS, *OPTIONAL_KEYS)

# Codes (registered in compliance/diagnostic_codes.py, documented in docs/diagnostics.md).
STRUCTURE = "E420"
MISSING_JUSTIFICATION = "E421"
UNKNOWN_RULE = "E422"
BAD_DATE = "E423"
DUPLICATE = "E424"

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EXAMPLE = (
    "a waiver file is a mapping `undantag:` with a list of entries, each with `regel`, "
    "`motivering` and `giltigt_till`"
)


@dataclass(frozen=True)
class Waiver:
    """One accepted deviation, as written in the waiver file."""

    rule: str
    # The subject id; None waives the rule for every subject.
    subject: str | None
    justification: str
    decided_by: str | None
    reference: str | None
    valid_until: date
    location: Location

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.rule, self.subject)


def read_waivers(path: Path, rule_ids: Collection[str] | None) -> tuple[Waiver, ...]:
    """The waivers in `path`; raises `InputError` with every problem in the file at once.

    `rule_ids` are the rules a waiver may name; None skips that check (the rules did not load).
    """
    shown = display_path(path)
    try:
        document = read_yaml_file(path)
    except InputError as error:
        raise InputError([_reworded(d, shown) for d in error.diagnostics]) from None
    problems: list[Diagnostic] = [*document.problems]
    entries = _entries(document, problems)
    waivers: list[Waiver] = []
    seen: dict[tuple[str, str | None], Location] = {}
    for index, entry in enumerate(entries):
        waiver = _waiver(document, (TOP_KEY, index), entry, rule_ids, problems)
        if waiver is None:
            continue
        first = seen.get(waiver.key)
        if first is not None:
            problems.append(_duplicate(document, (TOP_KEY, index), waiver, first))
            continue
        seen[waiver.key] = waiver.location
        waivers.append(waiver)
    if problems:
        raise InputError(problems)
    return tuple(waivers)


def _reworded(diagnostic: Diagnostic, shown: str) -> Diagnostic:
    """The data reader's "empty file"/"not a mapping" messages speak of data files."""
    if diagnostic.code in (data_codes.EMPTY, data_codes.NOT_A_MAPPING):
        return Diagnostic(
            STRUCTURE,
            "the waiver file is empty or not a mapping",
            diagnostic.span,
            f"{EXAMPLE}; write `undantag: []` when there are none",
            file=diagnostic.file or shown,
        )
    return diagnostic


def _entries(document: YamlDocument, problems: list[Diagnostic]) -> list[Any]:
    for key in document.data:
        if key != TOP_KEY:
            hint = did_you_mean(str(key), [TOP_KEY])
            problems.append(
                _at(document, (key,), f"unknown key `{short(str(key))}` in a waiver file", hint)
            )
    if TOP_KEY not in document.data:
        problems.append(_at(document, (), f"the waiver file has no `{TOP_KEY}:` list", EXAMPLE))
        return []
    entries = document.data[TOP_KEY]
    if entries is None:
        return []
    if not isinstance(entries, list):
        problems.append(
            _at(document, (TOP_KEY,), f"`{TOP_KEY}` must be a list of waivers", EXAMPLE)
        )
        return []
    return entries


def _waiver(
    document: YamlDocument,
    path: DataPath,
    entry: Any,
    rule_ids: Collection[str] | None,
    problems: list[Diagnostic],
) -> Waiver | None:
    if not isinstance(entry, dict):
        problems.append(_at(document, path, "a waiver must be a mapping", EXAMPLE))
        return None
    before = len(problems)
    for key in entry:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS) or f"the keys are {listing(KEYS)}"
            problems.append(
                _at(document, (*path, key), f"unknown key `{short(str(key))}` in a waiver", hint)
            )
    texts = {
        key: _text(document, path, entry, key, problems) for key in KEYS if key != "giltigt_till"
    }
    for key in ("regel", "motivering"):
        if key in entry and not texts[key]:
            # Present but blank: say so at the value rather than "missing".
            problems.append(_blank(document, (*path, key), key))
    for key in REQUIRED_KEYS:
        if key not in entry:
            problems.append(_missing(document, path, key))
    rule = texts["regel"]
    if rule and rule_ids is not None and rule not in rule_ids:
        hint = did_you_mean(rule, sorted(rule_ids)) or "run `compliance explain` to list the rules"
        problems.append(
            Diagnostic(
                UNKNOWN_RULE,
                f"the waiver names the unknown rule `{rule}`",
                document.span((*path, "regel")),
                hint,
                file=document.file,
            )
        )
    valid_until = _date(document, path, entry, problems)
    if len(problems) > before or not rule or valid_until is None:
        return None
    justification = texts["motivering"]
    assert justification is not None  # checked above: required and not blank
    return Waiver(
        rule=rule,
        subject=texts["avser"],
        justification=justification,
        decided_by=texts["beslutat_av"],
        reference=texts["diarienummer"],
        valid_until=valid_until,
        location=_location(document, path),
    )


def _text(
    document: YamlDocument,
    path: DataPath,
    entry: Mapping[str, Any],
    key: str,
    problems: list[Diagnostic],
) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(_at(document, (*path, key), f"`{key}` must be a text"))
        return None
    # A diarienummer such as `2026` is read by YAML as a number; what was written counts.
    written = document.raw.get((*path, key), str(value))
    return written.strip() or None


def _date(
    document: YamlDocument, path: DataPath, entry: Mapping[str, Any], problems: list[Diagnostic]
) -> date | None:
    value = entry.get("giltigt_till")
    if value is None:
        return None
    text = str(value)
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        problems.append(
            Diagnostic(
                BAD_DATE,
                f"`giltigt_till` must be a date such as `2027-06-30`, found `{short(text)}`",
                document.span((*path, "giltigt_till")),
                "the waiver applies up to and including this day (Swedish time)",
                file=document.file,
            )
        )
        return None


def _location(document: YamlDocument, path: DataPath) -> Location:
    span = document.span(path)
    if span is None:
        return Location(document.file, 1, 1)
    return Location(span.file, span.line, span.column)


def _at(
    document: YamlDocument, path: DataPath, message: str, help: str | None = None
) -> Diagnostic:
    span: Span | None = document.keys.get(path) or document.span(path)
    return Diagnostic(STRUCTURE, message, span, help, file=document.file)


def _missing(document: YamlDocument, path: DataPath, key: str) -> Diagnostic:
    code = MISSING_JUSTIFICATION if key == "motivering" else STRUCTURE
    help = (
        "every waiver must say why the deviation is accepted"
        if key == "motivering"
        else f"the required keys are {listing(REQUIRED_KEYS)}"
    )
    return Diagnostic(
        code, f"the waiver has no `{key}`", document.span(path), help, file=document.file
    )


def _blank(document: YamlDocument, path: DataPath, key: str) -> Diagnostic:
    code = MISSING_JUSTIFICATION if key == "motivering" else STRUCTURE
    return Diagnostic(
        code,
        f"the waiver's `{key}` is empty",
        document.span(path),
        "every waiver must say why the deviation is accepted" if key == "motivering" else None,
        file=document.file,
    )


def _duplicate(
    document: YamlDocument, path: DataPath, waiver: Waiver, first: Location
) -> Diagnostic:
    target = f"`{waiver.subject}`" if waiver.subject else "every subject"
    return Diagnostic(
        DUPLICATE,
        f"a second waiver for rule `{waiver.rule}` and {target}",
        document.span(path),
        f"the first is at {first}; keep one",
        file=document.file,
    )
