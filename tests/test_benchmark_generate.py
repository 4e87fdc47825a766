"""benchmarks/generate.py: the synthetic national dataset is complete, consistent, deterministic,
and `compliance check --config` runs on it directly with the findings an independent count
of the CSV files predicts."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from compliance.calendar.working_days import add_working_days

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "benchmarks" / "generate.py"

HEADERS = {
    "nämnder.csv": "id;namn;typ",
    "förvaltningar.csv": "id;namn;nämnd",
    "tjänstegarantier.csv": "id;nämnd;titel;status;publicerad",
    "rapporter.csv": "id;typ;period;nämnd;förvaltning;överlämnad.till;överlämnad.datum",
    "synpunkter.csv": "id;nämnd;enhet;kategori;inkommen;besvarad",
}
CATEGORIES = {"synpunkt", "klagomål", "förslag", "beröm", "fråga"}


def generate(out: Path, rows: int, *extra: str) -> Path:
    command = [sys.executable, str(GENERATE), "--rows", str(rows), "--out", str(out), *extra]
    subprocess.run(command, check=True, capture_output=True)
    return out


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def nation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("nation"), 200)


def test_every_table_has_its_header_and_the_files_that_make_it_runnable(nation: Path) -> None:
    for name, header in HEADERS.items():
        first_line = (nation / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == header, name
    configs = ("compliance.toml", "struktur.toml", "synpunkter.toml")
    for name in (*configs, "organisation.yaml", "synpunkter.yaml"):
        assert (nation / name).is_file(), name
    for name in ("synpunkter.rules", "struktur.rules"):
        copied = (nation / "rules" / name).read_text(encoding="utf-8")
        assert copied == (ROOT / "benchmarks" / "rules" / name).read_text(encoding="utf-8")
    config = (nation / "compliance.toml").read_text(encoding="utf-8")
    assert 'rules = ["rules/synpunkter.rules", "rules/struktur.rules"]' in config
    assert 'data = ["organisation.yaml", "synpunkter.yaml"]' in config
    alone = (nation / "synpunkter.toml").read_text(encoding="utf-8")
    assert 'rules = ["rules/synpunkter.rules"]' in alone
    assert 'data = ["organisation.yaml", "synpunkter.yaml"]' in alone
    assert "nämnder: nämnder.csv" in (nation / "organisation.yaml").read_text(encoding="utf-8")


def test_the_nation_has_290_kommuner_of_about_15_nämnder_with_required_boards(
    nation: Path,
) -> None:
    boards = read(nation / "nämnder.csv")
    per_kommun = Counter(board["id"].split("-")[0] for board in boards)
    assert len(per_kommun) == 290
    assert per_kommun["0114"] == sum(1 for b in boards if b["namn"].startswith("Upplands Väsby "))
    assert all(12 <= count <= 18 for count in per_kommun.values())
    assert 14 <= len(boards) / 290 <= 16
    ids = {board["id"] for board in boards}
    for code in per_kommun:
        assert {f"{code}-ks", f"{code}-valn", f"{code}-rev", f"{code}-öfn"} <= ids
    assert len(ids) == len(boards)
    # Every reference points at an existing nämnd, as the loader will demand.
    for table in ("förvaltningar.csv", "tjänstegarantier.csv", "rapporter.csv"):
        assert {row["nämnd"] for row in read(nation / table)} <= ids, table
    assert {r["överlämnad.till"] for r in read(nation / "rapporter.csv")} <= ids


def test_synpunkter_rows_are_as_many_as_asked_and_well_formed(nation: Path) -> None:
    rows = read(nation / "synpunkter.csv")
    boards = {board["id"] for board in read(nation / "nämnder.csv")}
    assert len(rows) == 200
    assert len({row["id"] for row in rows}) == 200
    for row in rows:
        assert row["nämnd"] in boards and row["kategori"] in CATEGORIES
        received = date.fromisoformat(row["inkommen"])
        assert date(2024, 12, 1) <= received <= date(2025, 12, 31)
        if row["besvarad"]:
            assert date.fromisoformat(row["besvarad"]) >= received


def test_two_runs_with_the_same_arguments_are_byte_identical(nation: Path, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", 200)
    names = sorted(p.relative_to(nation).as_posix() for p in nation.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    for name in names:
        assert (nation / name).read_bytes() == (again / name).read_bytes(), name


def test_compliance_check_on_the_generated_config_gives_the_predicted_findings(
    tmp_path: Path,
) -> None:
    directory = generate(tmp_path / "small", 400, "--kommuner", "3")
    output = tmp_path / "findings.json"
    command = [sys.executable, "-m", "compliance", "check", "--config"]
    command += [str(directory / "compliance.toml"), "--format", "json", "--output", str(output)]
    completed = subprocess.run(command, capture_output=True, text=True)
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(output.read_text(encoding="utf-8"))

    boards = read(directory / "nämnder.csv")
    judged = [b for b in boards if b["typ"] != "revision"]
    # RIKET-SYN judges every nämnd; RIKET-TG and RIKET-ÅB every nämnd but the revision.
    assert report["summary"]["total"] == len(boards) + 2 * len(judged)

    def failing(rule: str) -> set[str]:
        return {
            f["subject"]["id"]
            for f in report["findings"]
            if f["rule"] == rule and f["outcome"] == "fail"
        }

    as_of = date(2026, 6, 30)
    late = set()
    for row in read(directory / "synpunkter.csv"):
        received = date.fromisoformat(row["inkommen"])
        answered = date.fromisoformat(row["besvarad"]) if row["besvarad"] else as_of
        if received.year == 2025 and answered > add_working_days(received, 2):
            late.add(row["nämnd"])
    assert late and failing("RIKET-SYN") == late

    in_time = {
        r["nämnd"]
        for r in read(directory / "rapporter.csv")
        if r["period"] == "2025" and r["överlämnad.datum"] <= "2026-05-31"
    }
    expected = {b["id"] for b in judged if b["typ"] != "valnämnd" and b["id"] not in in_time}
    assert expected and failing("RIKET-ÅB") == expected


def test_the_benchmark_rule_packs_are_formatted_lint_clean_and_pass_their_own_tests() -> None:
    rules = sorted(str(p) for p in (ROOT / "benchmarks" / "rules").glob("*.rules"))
    assert len(rules) == 2
    commands = {
        "fmt": ["fmt", "--check", *rules],
        "lint": ["lint", *(arg for rule in rules for arg in ("--rules", rule))],
        "test": ["test", str(ROOT / "benchmarks" / "rules"), "--require-coverage"],
    }
    outputs = {}
    for name, arguments in commands.items():
        completed = subprocess.run(
            [sys.executable, "-m", "compliance", *arguments], capture_output=True, text=True
        )
        assert completed.returncode == 0, (name, completed.stdout, completed.stderr)
        outputs[name] = completed.stdout + completed.stderr
    assert "0 errors, 0 warnings" in outputs["lint"]
    assert "3 passed, 0 failed" in outputs["test"]
