"""The numbers behind the memo's indicator and Kommunkompassen charts.

A chart needs figures – an indicator's outcome, forecast and target, an area's score and the
median – and a `Report` holds findings, not the data. Two sources fill one `FigureTable`,
keyed by the data's own labels (`indikatorer[ind-kc-nöjdhet]` → `{"målvärde": "90", …}`):

- `evidence_figures`: every number an evidence item carries (`Evidence.path` and `.value`),
  and every path a finding names as missing. Thin – a comparison records only the side that
  has a data path – but always there.
- `dataset_figures`: the figures read from the loaded `Dataset` for the indicators and areas
  the report has findings about. Complete, but a reporter never sees the Dataset; a `Report`
  that carries this table as `Report.figures` has it used by `report_figures` (see
  docs/reports.md, "Charts").

A value of None means the data declares the field absent; a field the table does not mention
is merely unknown to the memo, and a chart never presents an unknown as missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from compliance.data.dataset import Dataset
from compliance.data.model import ENTITY_KINDS
from compliance.findings import OUTCOME_ORDER, Finding, Outcome, Report

if TYPE_CHECKING:
    # Only the memo formats build figures; `dataset_figures`, run by every check, needs none.
    from compliance.memo.model import IndicatorFigure, ProfileFigure

FigureTable = Mapping[str, Mapping[str, str | None]]

INDICATORS = "indikatorer"
AREAS = "utvärderingsområden"
# The fields each chart reads, as the data model names them (compliance/data/model.py).
INDICATOR_FIELDS = ("namn", "målvärde", "utfall", "prognos", "måttenhet", "riktning")
AREA_FIELDS = ("namn", "redovisad_poäng", "median", "maxpoäng")
LOWER_IS_BETTER = "lägre_är_bättre"

# `indikatorer[ind-kc-nöjdhet].prognos`: an entity's own field, not a nested list's.
_FIELD_PATH = re.compile(r"^(?P<entity>[^\[\].]+\[[^\]]+\])\.(?P<field>[^.\[\]]+)$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def report_figures(report: Report) -> dict[str, dict[str, str | None]]:
    """The figures the memo can use: from the evidence, then from the report's own table.

    The report's table (`Report.figures`, filled by `api.check` with `dataset_figures`) takes
    precedence over the evidence.
    """
    table = evidence_figures(report)
    merge_figures(table, report.figures)
    return table


def merge_figures(into: dict[str, dict[str, str | None]], other: FigureTable) -> None:
    for entity in sorted(other):
        into.setdefault(entity, {}).update(other[entity])


def evidence_figures(report: Report) -> dict[str, dict[str, str | None]]:
    table: dict[str, dict[str, str | None]] = {}
    for finding in report.findings:
        for item in finding.evidence:
            match = _FIELD_PATH.match(item.path or "")
            if match and item.value is not None and parse_number(item.value) is not None:
                table.setdefault(match["entity"], {})[match["field"]] = item.value
        for path in finding.missing:
            match = _FIELD_PATH.match(path)
            if match:
                table.setdefault(match["entity"], {})[match["field"]] = None
    return table


def dataset_figures(dataset: Dataset, report: Report) -> dict[str, dict[str, str | None]]:
    """The chart figures of `dataset` for the indicators and areas `report` has findings about.

    Numbers are written in plain decimal form (`98.1`), whatever the report's language.
    """
    table: dict[str, dict[str, str | None]] = {}
    for collection, fields in ((INDICATORS, INDICATOR_FIELDS), (AREAS, AREA_FIELDS)):
        wanted = {f.subject.id for f in report.findings if f.subject.kind == _kind(collection)}
        for entity in dataset.collection(collection) or ():
            if entity.id in wanted:
                table[f"{collection}[{entity.id}]"] = {
                    name: _plain(getattr(entity, name)) for name in fields
                }
    return table


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        # `normalize` alone writes 100 as 1E+2; quantizing to an integer first keeps it 100.
        if number == number.to_integral_value():
            return str(number.quantize(Decimal(1)))
        return str(number.normalize())
    return str(value)


def parse_number(text: str) -> Decimal | None:
    """A number as evidence or the figure table writes it: `98.1`, `98,1`, `10 000`."""
    compact = _SPACES.sub("", text)
    for candidate in (compact, compact.replace(",", ".")):
        try:
            number = Decimal(candidate)
        except InvalidOperation:
            continue
        if number.is_finite():
            return number
    return None


def _kind(collection: str) -> str:
    return ENTITY_KINDS[collection]


def _number(fields: Mapping[str, str | None], name: str) -> Decimal | None:
    text = fields.get(name)
    return parse_number(text) if text is not None else None


def _subjects(findings: Iterable[Finding], kind: str) -> dict[str, list[Finding]]:
    """Subjects of `kind` in the order the report first mentions them, with their findings."""
    found: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.subject.kind == kind:
            found.setdefault(finding.subject.id, []).append(finding)
    return found


def _worst(findings: Iterable[Finding]) -> Outcome | None:
    outcomes = {finding.outcome for finding in findings}
    return next((outcome for outcome in OUTCOME_ORDER if outcome in outcomes), None)


def indicator_figures(report: Report, table: FigureTable) -> tuple[IndicatorFigure, ...]:
    """Indicators with a target and either a value or a value the data declares absent."""
    from compliance.memo.model import IndicatorFigure

    rows: list[IndicatorFigure] = []
    for subject_id, findings in _subjects(report.findings, _kind(INDICATORS)).items():
        label = f"{INDICATORS}[{subject_id}]"
        fields = table.get(label, {})
        target = _number(fields, "målvärde")
        outcome, forecast = _number(fields, "utfall"), _number(fields, "prognos")
        declared_absent = "utfall" in fields and "prognos" in fields
        if target is None or (outcome is None and forecast is None and not declared_absent):
            continue
        rows.append(
            IndicatorFigure(
                label=label,
                name=findings[0].subject.name,
                target=target,
                outcome=outcome,
                forecast=forecast,
                unit=fields.get("måttenhet"),
                lower_is_better=fields.get("riktning") == LOWER_IS_BETTER,
                finding_outcome=_worst(findings),
            )
        )
    return tuple(rows)


def profile_figures(report: Report, table: FigureTable) -> tuple[ProfileFigure, ...]:
    """The areas whose findings compare them with a median, with score and median."""
    from compliance.memo.model import ProfileFigure

    rows: list[ProfileFigure] = []
    for subject_id, findings in _subjects(report.findings, _kind(AREAS)).items():
        label = f"{AREAS}[{subject_id}]"
        if not any(_mentions(finding, f"{label}.median") for finding in findings):
            continue
        fields = table.get(label, {})
        score = _number(fields, "redovisad_poäng")
        if score is None:
            continue
        rows.append(
            ProfileFigure(
                label=label,
                name=findings[0].subject.name,
                score=score,
                median=_number(fields, "median"),
                median_missing="median" in fields and fields["median"] is None,
                maximum=_number(fields, "maxpoäng"),
            )
        )
    return tuple(rows)


def _mentions(finding: Finding, path: str) -> bool:
    return path in finding.missing or any(item.path == path for item in finding.evidence)
