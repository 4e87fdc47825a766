"""A rule's keyed counts, keyed `för varje` and keyed `finns`, looked up for each subject
before it is judged (`evaluator/columns/prepared.py`), and its `avser … där` and `tillämplig
om` told for every subject at once (`ColumnInterpreter.told_for_all`), give exactly the
findings of evaluating them subject by subject.

The column backend places a subject's counts in its memo and hands the judge the result and
evidence of a requirement the columns decide (`example_lines.py` writes a `för varje`'s
example rows' lines without their facts, `witness_text.py` a `finns`'s witness lines). These
tests compare every finding, evidence and kept rows included, with the preparation on and
off: over the language cases, the bundled examples and a generated national dataset with
tables, where most subjects take the prepared path; and the lines written as text columns
with those written one by one or from facts.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from bundled import EXAMPLES, example_check

from compliance import api
from compliance.checker.checker import check_program
from compliance.data.loader import load_dataset_text
from compliance.evaluator import _judge_rule, evaluate, make_interpreter
from compliance.evaluator.columns import example_lines, example_text
from compliance.evaluator.columns.interpreter import ColumnInterpreter
from compliance.evaluator.expressions import Env
from compliance.evaluator.judge import Judge
from compliance.evaluator.values import Missing
from compliance.findings import Finding, Report
from compliance.periods import parse_period
from compliance.syntax.parser import parse_rule_text

REPOSITORY = Path(__file__).resolve().parent.parent
CASES = [
    path
    for path in sorted((REPOSITORY / "tests" / "language").glob("*.yaml"))
    if "diagnostics" not in yaml.safe_load(path.read_text("utf-8"))
]


def unprepared(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, every rule is judged scan by scan and subject by subject, as before the
    preparation."""
    monkeypatch.setattr(ColumnInterpreter, "preparation", lambda *_: None)
    monkeypatch.setattr(ColumnInterpreter, "told_for_all", lambda *_: None)


def case_findings(case: dict[str, Any], keep_rows: bool) -> list[Finding]:
    program, _ = check_program([parse_rule_text(case["rules"], "case.rules")])
    dataset = load_dataset_text(case["data"], "case.yaml")
    period = parse_period(str(case["period"]))
    report = evaluate(
        program, dataset, period=period, as_of=case["as_of"], backend="column", keep_rows=keep_rows
    )
    return list(report.findings)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_language_cases_find_the_same_prepared_or_not(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    prepared = [case_findings(case, keep_rows) for keep_rows in (False, True)]
    unprepared(monkeypatch)
    assert prepared == [case_findings(case, keep_rows) for keep_rows in (False, True)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_bundled_examples_find_the_same_prepared_or_not(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = example_check(example, monkeypatch, "column")
    prepared = findings()
    unprepared(monkeypatch)
    assert prepared == findings()


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's synthetic national dataset, 20 000 synpunkter over 4 287 nämnder."""
    out = tmp_path_factory.mktemp("national")
    generate = REPOSITORY / "benchmarks" / "generate.py"
    command = [sys.executable, str(generate), "--rows", "20000", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    return out


def national_report(directory: Path, keep_rows: bool) -> Report:
    config = tomllib.loads((directory / "compliance.toml").read_text("utf-8"))
    rules = api.load_rules([directory / name for name in config["rules"]])
    data = api.load_data([directory / name for name in config["data"]])
    period, as_of = str(config["period"]), config["as_of"]
    return api.check(rules, data, period=period, as_of=as_of, keep_rows=keep_rows)


def test_a_national_dataset_finds_the_same_prepared_or_not(
    national: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = [national_report(national, keep_rows).findings for keep_rows in (False, True)]
    unprepared(monkeypatch)
    assert prepared == [national_report(national, keep).findings for keep in (False, True)]
    failed = [f for f in prepared[1] if f.rule == "RIKET-SYN" and f.outcome.value == "fail"]
    # The comparison means something: many nämnder failed, with example rows and kept rows.
    assert len(failed) > 100
    assert all(len(f.evidence) > 1 and f.rows is not None for f in failed)


def national_rules(national: Path, config_name: str) -> tuple[ColumnInterpreter, Judge, list[Any]]:
    """The column interpreter, a judge and the rules of one of the dataset's configs."""
    config = tomllib.loads((national / config_name).read_text("utf-8"))
    rules = api.load_rules([national / name for name in config["rules"]])
    data = api.load_data([national / name for name in config["data"]])
    interpreter = make_interpreter(
        rules.program, data, parse_period(str(config["period"])), config["as_of"]
    )
    assert isinstance(interpreter, ColumnInterpreter)
    return interpreter, Judge(interpreter), list(rules.program.rules)


def test_the_working_day_rule_is_prepared_for_nearly_every_nämnd(national: Path) -> None:
    interpreter, judge, rules = national_rules(national, "compliance.toml")
    rule = next(r for r in rules if r.id == "RIKET-SYN")
    preparation = interpreter.preparation(rule, judge.evidence)
    assert preparation is not None
    findings = _judge_rule(rule, interpreter, judge)
    prepared = interpreter.methods["columns, prepared requirement"]
    assert prepared > 0.9 * len(findings)
    assert interpreter.methods["columns, example evidence"] == 1


def lines_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the example rows' lines are written one by one, not as text columns."""
    monkeypatch.setattr(example_lines, "text_lines", lambda *_: None)


def test_a_national_dataset_has_the_same_lines_as_columns_or_one_by_one(
    national: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[int] = []
    text_lines = example_text.text_lines

    def counted(*args: Any) -> Any:
        found = text_lines(*args)
        written.append(-1 if found is None else len(found))
        return found

    monkeypatch.setattr(example_lines, "text_lines", counted)
    as_columns = national_report(national, keep_rows=False).findings
    assert written and all(count > 100 for count in written)  # the columns wrote them
    lines_one_by_one(monkeypatch)
    assert as_columns == national_report(national, keep_rows=False).findings


def test_a_whole_number_from_ten_thousand_is_written_one_by_one() -> None:
    """`format_value` writes 12 345 with a thousands space; the text columns leave such a
    side to the one-by-one writer, which gives the same line as the facts."""
    import polars as pl

    from compliance.evaluator.columns.text_parts import NotWritten, formatted

    small = pl.DataFrame({"antal": [5, 9_999]})
    assert small.select(formatted("antal", small)).to_series().to_list() == ["5", "9999"]
    with pytest.raises(NotWritten):
        formatted("antal", pl.DataFrame({"antal": [5, 12_345]}))
    with pytest.raises(NotWritten):
        formatted("andel", pl.DataFrame({"andel": [0.5]}))


def witnesses_from_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a `finns`'s witness lines are written from its facts, not as columns."""
    monkeypatch.setattr(ColumnInterpreter, "witness_evidence", lambda *_: {})


def near_misses_when_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a failing `finns`'s near misses are ranked, and their lines written from
    their facts, when its subject is judged, not as columns beforehand."""
    monkeypatch.setattr(ColumnInterpreter, "near_miss_evidence", lambda *_: {})


@pytest.mark.parametrize(
    "otherwise", [lines_one_by_one, witnesses_from_facts, near_misses_when_judged]
)
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_lines_written_as_columns_read_as_those_written_otherwise(
    path: Path, otherwise: Callable[[pytest.MonkeyPatch], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example rows' lines as written one by one, the witnesses' as from facts, and the
    near misses' as when judged."""
    case = yaml.safe_load(path.read_text("utf-8"))
    as_columns = case_findings(case, keep_rows=False)
    otherwise(monkeypatch)
    assert as_columns == case_findings(case, keep_rows=False)


def test_the_structural_rules_are_prepared_for_nearly_every_passing_nämnd(
    national: Path,
) -> None:
    interpreter, judge, rules = national_rules(national, "struktur.toml")
    findings = [f for rule in rules for f in _judge_rule(rule, interpreter, judge)]
    passed = [f for f in findings if f.outcome.value == "pass"]
    assert len(passed) > 1000
    assert interpreter.methods["columns, prepared witness"] > 0.9 * len(passed)
    assert interpreter.methods["columns, witness evidence"] == 2  # one batch per rule
    # A nämnd with no tjänstegaranti at all fails with the same summary line as every other.
    failed = [f for f in findings if f.rule == "RIKET-TG" and f.outcome.value == "fail"]
    assert interpreter.methods["columns, prepared no rows"] > 0.3 * len(failed) > 30
    # One whose own rows came closest shows them, their lines written as columns: every
    # failing TG nämnd with rows, and the ÅB nämnder whose report failed a comparison of its
    # own fields (not the handing over inside `finns ö i r.överlämnad`).
    assert interpreter.methods["columns, near-miss evidence"] == 2  # one batch per rule
    near = interpreter.methods["columns, prepared near misses"]
    assert near > 0.5 * (interpreter.methods["columns, near misses"] + near)
    assert interpreter.methods["columns, near misses"] > 0  # the nested ones, when judged
    # Every witness shows its row and each comparison of the filter, pointing into the file.
    assert all(f.evidence[0].location is not None for f in passed)
    assert all(f.evidence[0].location.file.endswith(".csv") for f in passed)  # type: ignore[union-attr]


@pytest.mark.parametrize("otherwise", [witnesses_from_facts, near_misses_when_judged])
def test_a_national_dataset_has_the_same_finns_lines_as_columns_or_otherwise(
    national: Path, otherwise: Callable[[pytest.MonkeyPatch], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_columns = national_report(national, keep_rows=False).findings
    otherwise(monkeypatch)
    assert as_columns == national_report(national, keep_rows=False).findings


def test_which_nämnder_a_rule_is_about_is_told_for_all_at_once(national: Path) -> None:
    interpreter, _, rules = national_rules(national, "struktur.toml")
    for rule in rules:
        assert rule.subject is not None and rule.subject.where is not None
        told = interpreter.told_for_all(rule.subject.where, rule.subject)
        nämnder = interpreter.collections["nämnder"]
        assert told is not None and not isinstance(nämnder, Missing)
        assert len(told) == len(nämnder)
        expected = [interpreter.evaluate(rule.subject.where, Env({"n": n})) for n in nämnder]
        assert told == expected
        assert False in told  # the revision is left out


UNKNOWN_SUBJECT_FIELDS = {
    "period": 2025,
    "as_of": date(2026, 6, 30),
    "rules": """styrdokument "Policy" { }
krav NY "Nya nämnder har en tjänstegaranti" {
  allvarlighet hög
  avser n i nämnder där n.inrättad <= period.slut och n.typ != "revision"
  tillämplig om n.upphörd > period.slut eller n.typ = "kommunstyrelse"
  kräver finns g i tjänstegarantier där g.nämnd = n
}
""",
    "data": """kommun: {id: k, namn: Testkommun}
nämnder:
  - {id: ks, namn: Kommunstyrelsen, typ: kommunstyrelse, inrättad: 2019-01-01}
  - {id: son, namn: Socialnämnden, inrättad: 2019-01-01, upphörd: 2030-12-31}
  - {id: tn, namn: Tekniska nämnden, inrättad: 2019-01-01}
  - {id: kfn, namn: Kultur- och fritidsnämnden}
  - {id: rev, namn: Revisionen, typ: revision, inrättad: 2019-01-01}
  - {id: bun, namn: Barn- och utbildningsnämnden, inrättad: 2027-01-01}
tjänstegarantier:
  - {id: tg1, nämnd: son, titel: Svar inom en vecka}
""",
}


def test_a_subject_whose_fields_are_unknown_is_judged_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`kfn` has no `inrättad`, `tn` no `upphörd`: the columns cannot tell whether the rule is
    about them or applies to them, and the interpreter says what is missing."""
    told = case_findings(UNKNOWN_SUBJECT_FIELDS, keep_rows=False)
    outcomes = {f.subject.id: f.outcome.value for f in told}
    assert outcomes == {
        "ks": "fail",
        "son": "pass",
        "tn": "insufficient_data",
        "kfn": "insufficient_data",
    }
    unprepared(monkeypatch)
    assert told == case_findings(UNKNOWN_SUBJECT_FIELDS, keep_rows=False)
