"""The row interpreter judges only the elements a scan's key picks, and finds exactly what
judging every element finds.

`row_keys.RowKeys` groups a collection by the field of a `där` filter's first condition; each
subject's scan then judges its own group and the elements whose field is unknown. These tests
compare every finding, evidence included, with the keys on and off - over the language cases
and the bundled examples - and count the elements judged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from bundled import EXAMPLES, example_check

from compliance.checker.checker import check_program
from compliance.data.loader import load_dataset_text
from compliance.evaluator import evaluate, row_keys
from compliance.evaluator.interpreter import Interpreter
from compliance.findings import Finding
from compliance.periods import parse_period
from compliance.syntax.parser import parse_rule_text

REPOSITORY = Path(__file__).resolve().parent.parent
# The cases that evaluate rules (the others expect the checker's diagnostics).
CASES = [
    path
    for path in sorted((REPOSITORY / "tests" / "language").glob("*.yaml"))
    if "diagnostics" not in yaml.safe_load(path.read_text("utf-8"))
]


def unkeyed(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, every scan judges every element, as before keys."""
    monkeypatch.setattr(row_keys.RowKeys, "subset", lambda *_: None)


def case_findings(case: dict[str, Any]) -> list[Finding]:
    program, _ = check_program([parse_rule_text(case["rules"], "case.rules")])
    dataset = load_dataset_text(case["data"], "case.yaml")
    period = parse_period(str(case["period"]))
    return list(evaluate(program, dataset, period=period, as_of=case["as_of"]).findings)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_language_cases_find_the_same_with_and_without_keys(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    keyed = case_findings(case)
    unkeyed(monkeypatch)
    assert keyed == case_findings(case)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_bundled_examples_find_the_same_with_and_without_keys(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = example_check(example, monkeypatch)
    keyed = findings()
    unkeyed(monkeypatch)
    assert keyed == findings()


RULES = """\
styrdokument "Policy" { utfärdare "kf" }

krav SYN "Synpunkter besvaras" {
  allvarlighet medel
  källa { dokument "Policy" avsnitt "S" citat "Besvaras." }
  avser n i nämnder
  låt mottagna = antal(s i synpunkter där s.nämnd = n)
  kräver för varje s i synpunkter där s.nämnd = n och s.inkommen inom period:
      (s.besvarad annars avstämningsdag) <= s.inkommen + 10 dagar
  avvikelse "{n.namn}: {mottagna} mottagna."
}

krav SVAR "Någon synpunkt är besvarad" {
  allvarlighet låg
  källa { dokument "Policy" avsnitt "S" citat "Besvaras." }
  avser n i nämnder
  kräver finns s i synpunkter där s.nämnd = n och s.besvarad <= avstämningsdag
}
"""


def synpunkter(count: int) -> str:
    rows = []
    for i in range(count):
        nämnd = ("sn", "kfn", "tn")[i % 3]
        answered = f", besvarad: 2025-03-{10 + i % 5:02d}" if i % 4 else ""
        rows.append(f"  - {{id: S{i}, nämnd: {nämnd}, inkommen: 2025-03-0{1 + i % 9}{answered}}}")
    return "\n".join(rows)


DATA = f"""\
kommun: {{id: k, namn: K}}
nämnder:
  - {{id: sn, namn: Socialnämnden}}
  - {{id: kfn, namn: Kultur- och fritidsnämnden}}
  - {{id: tn, namn: Tekniska nämnden}}
  - {{id: vn, namn: Valnämnden}}
synpunkter:
{synpunkter(30)}
"""


def test_each_nämnd_judges_only_its_own_synpunkter(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    judge = Interpreter.judge_element

    def counted(self: Interpreter, node: Any, env: Any, element: Any, traced: bool) -> Any:
        judged.append(element.label)
        return judge(self, node, env, element, traced)

    monkeypatch.setattr(Interpreter, "judge_element", counted)
    case = {"rules": RULES, "data": DATA, "period": "2025", "as_of": date(2026, 1, 31)}
    keyed = case_findings(case)
    keyed_count = len(judged)
    judged.clear()
    unkeyed(monkeypatch)
    assert case_findings(case) == keyed
    # Each of 4 nämnder's scans once read all 30 synpunkter; now only its own ten (none for vn).
    assert keyed_count < len(judged) / 3
    assert {f.rule: f.outcome.value for f in keyed if f.subject.id == "vn"} == {
        "SYN": "pass",
        "SVAR": "fail",
    }


def test_a_field_without_a_value_is_judged_with_every_group() -> None:
    elements = list(range(6))
    groups = row_keys.Groups(6, {"a": [0, 3], "b": [1, 4]}, unknown=[2, 5])
    assert groups.positions("a") == [0, 2, 3, 5]
    assert groups.positions("c") == [2, 5]
    assert [elements[p] for p in row_keys.Groups(6, {"a": [1]}, []).positions("a")] == [1]
