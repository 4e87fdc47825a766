"""Tables through the whole pipeline: the Haninge synpunkter as a CSV give the same findings as
in YAML, the rows behind each finding can be exported, and the backends agree on them."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance import api
from compliance.findings import Finding, Report

REPO = Path(__file__).resolve().parents[1]
HANINGE = REPO / "fixtures" / "haninge"
RULES = [
    REPO / "policy_rules" / "haninge-verksamhetsstyrning.rules",
    REPO / "policy_rules" / "kommunallagen.rules",
    REPO / "policy_rules" / "lkbr.rules",
]
COLUMNS = [
    "id",
    "nämnd",
    "enhet",
    "kategori",
    "inkommen",
    "besvarad",
    "tjänstegaranti",
    "åtgärd",
    "återkoppling",
]


def _as_table(folder: Path, encoding: str = "utf-8-sig") -> Path:
    """The Haninge synpunkter written as a Swedish CSV export next to a YAML that names it."""
    entries = yaml.safe_load((HANINGE / "synpunkter.yaml").read_text("utf-8"))["synpunkter"]
    with (folder / "synpunkter.csv").open("w", encoding=encoding, newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(COLUMNS)
        for entry in entries:
            writer.writerow(["" if entry.get(c) is None else str(entry[c]) for c in COLUMNS])
    declaration = folder / "synpunkter.yaml"
    declaration.write_text("tabeller:\n  synpunkter: synpunkter.csv\n", encoding="utf-8")
    return declaration


def _check(data: list[Path], backend: str = "auto", keep_rows: bool = False) -> Report:
    return api.check(
        api.load_rules(RULES),
        api.load_data(data),
        period="2025",
        as_of="2026-09-30",
        backend=backend,
        keep_rows=keep_rows,
    )


def _placeless(finding: Finding) -> Finding:
    """The finding without where its values are written (the files differ by design)."""
    return replace(
        finding,
        location=None,
        evidence=tuple(replace(e, location=None) for e in finding.evidence),
        rows=None,
    )


@pytest.fixture(scope="module")
def yaml_report() -> Report:
    return _check([HANINGE / "organisation.yaml", HANINGE / "synpunkter.yaml"])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_synpunkter_from_a_csv_give_the_findings_they_give_in_yaml(
    tmp_path: Path, yaml_report: Report, encoding: str
) -> None:
    table = _as_table(tmp_path, encoding)
    report = _check([HANINGE / "organisation.yaml", table])
    assert len(report.findings) == 127
    assert [_placeless(f) for f in report.findings] == [_placeless(f) for f in yaml_report.findings]
    # The evidence now points into the CSV, at the row and column of the value.
    late = next(f for f in report.findings if f.rule == "HAN-SYN" and f.outcome.value == "fail")
    places = [str(e.location) for e in late.evidence if e.location is not None]
    assert any(p.endswith(".csv:22:6") or ".csv:" in p for p in places), places
    assert "synpunkter.csv" in " ".join(report.data_files)


def test_both_backends_agree_on_tables_and_record_the_same_rows(tmp_path: Path) -> None:
    table = _as_table(tmp_path)
    data = [HANINGE / "organisation.yaml", table]
    by_rows = _check(data, "row", keep_rows=True)
    by_columns = _check(data, "column", keep_rows=True)
    assert by_rows.findings == by_columns.findings
    kept = [f for f in by_columns.findings if f.rows is not None]
    assert {f.rule for f in kept} >= {"HAN-SYN"}


def _read_export(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_export_rows_lists_every_row_each_finding_did_not_pass(tmp_path: Path) -> None:
    table = _as_table(tmp_path)
    data = [HANINGE / "organisation.yaml", table]
    report = _check(data, keep_rows=True)
    written = api.export_rows(report, api.load_data(data), tmp_path / "rader")
    assert [p.name for p in written] == ["HAN-SYN.csv", "HAN-TG-ÅTG.csv"]
    rows = _read_export(tmp_path / "rader" / "HAN-SYN.csv")
    failing = [f for f in report.findings if f.rule == "HAN-SYN" and f.rows is not None]
    assert len(rows) == sum(len(f.rows.indices) for f in failing if f.rows is not None)
    by_id = {row["id"]: row for row in rows}
    # BRIEF's example: received before midsommar, answered the day after the deadline.
    assert by_id["SYN-2025-0054"]["besvarad"] == "2025-06-25"
    assert by_id["SYN-2025-0054"]["avser"] == "tekniska_nämnden"
    assert by_id["SYN-2025-0054"]["bedömning"] == "Avvikelse"
    assert by_id["SYN-2025-0054"]["rad"] == "56"
    # The unanswered one is listed too, with an empty `besvarad`.
    assert by_id["SYN-2025-0094"]["besvarad"] == ""


def test_export_rows_refuses_to_replace_an_input(tmp_path: Path) -> None:
    from compliance.diagnostics import InputError

    table = _as_table(tmp_path)
    data = [HANINGE / "organisation.yaml", table]
    report = _check(data, keep_rows=True)
    victim = tmp_path / "HAN-SYN.csv"
    victim.write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"E404|overwrite|input"):
        api.export_rows(report, api.load_data(data), tmp_path, inputs=[victim])
    assert victim.read_text(encoding="utf-8") == "mine"
