"""The column-wise backend: it must really compute on columns, and agree with the row
interpreter on the calendar, day by day.

The language suite (tests/test_language.py) runs every case through both backends and compares
the findings in full; these tests make sure that agreement is not reached by quietly falling
back to row-by-row evaluation.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from compliance.calendar.working_days import add_working_days
from compliance.checker.checker import check_program
from compliance.data.loader import load_dataset, load_dataset_text
from compliance.evaluator import _judge_rule, evaluate, make_interpreter
from compliance.evaluator.columns.compile import _shift
from compliance.evaluator.columns.interpreter import ColumnInterpreter
from compliance.evaluator.judge import Judge
from compliance.periods import parse_period
from compliance.syntax.kinds import DurationUnit
from compliance.syntax.parser import parse_rule_text

LANGUAGE = Path(__file__).parent / "language"


def _methods(case_name: str, witness_lines: bool = True) -> dict[str, int]:
    case = yaml.safe_load((LANGUAGE / f"{case_name}.yaml").read_text("utf-8"))
    program, _ = check_program([parse_rule_text(case["rules"], "case.rules")])
    dataset = load_dataset_text(case["data"], "case.yaml")
    return _methods_of(program, dataset, case, witness_lines)


def _methods_of(
    program: Any, dataset: Any, case: dict[str, Any], witness_lines: bool = True
) -> dict[str, int]:
    """How the column backend computed each scan; without `witness_lines`, every witness of
    a prepared `finns` is made from its facts (the path of a witness not written as lines)."""
    interpreter = make_interpreter(
        program, dataset, parse_period(str(case["period"])), case["as_of"], "column"
    )
    assert isinstance(interpreter, ColumnInterpreter)
    if not witness_lines:
        setattr(interpreter, "witness_evidence", lambda *_: {})  # noqa: B010
    judge = Judge(interpreter)
    for rule in program.rules:
        _judge_rule(rule, interpreter, judge)
    return dict(interpreter.methods)


def test_subject_free_conditions_are_computed_once_for_all_subjects() -> None:
    methods = _methods("columns-calendar-and-unknowns")
    # SVAR's requirement and two counts, KLAGO and DAGAR: five scans, none row by row, all in
    # one pass over the rows. SVAR's requirement is looked up for each of the three nämnder
    # before they are judged, its example rows' lines written from the columns; the nämnd
    # with unknown rows is then judged scan by scan, its example rows' facts made from the
    # columns too.
    assert methods == {
        "columns, once for all subjects": 5,
        "column passes": 1,
        "columns, prepared requirement": 3,
        "columns, example evidence": 1,
        "columns, example rows": 1,
    }


def test_conditions_on_the_subject_are_computed_per_subject_on_its_rows() -> None:
    methods = _methods("columns-subject-values-and-empty-keys")
    # EFTER reads `n.inrättad` (3 nämnder); ENHET's key `s.enhet` has empty cells (2 enheter).
    assert methods["columns, per subject"] == 3 + 2
    # INGA, TAL's three aggregates and FINNS: once each for all subjects, in two passes (the
    # scans keyed by `s.nämnd`, and those by `s.enhet`'s complete key).
    assert methods["columns, once for all subjects"] == 5
    assert methods["column passes"] == 2
    # FINNS holds for one nämnd: its witness is the first matching row, found on the columns
    # and its lines written from them before the nämnd is judged. Of the other two, one has
    # no rows at all (its key comes first: nothing came close, the summary line is the same
    # for every such nämnd), and the other's near misses are its own rows, ranked and their
    # lines written on the columns before it is judged.
    assert methods["columns, prepared witness"] == 1
    assert "columns, witness" not in methods
    assert methods["columns, prepared no rows"] == 1
    assert methods["columns, near-miss evidence"] == 1
    assert methods["columns, prepared near misses"] == 1
    assert "columns, near misses" not in methods
    assert "rows" not in methods
    assert "rows of one key" not in methods


def test_the_auto_backend_takes_columns_only_for_tables() -> None:
    case = yaml.safe_load((LANGUAGE / "forall-where-excludes.yaml").read_text("utf-8"))
    program, _ = check_program([parse_rule_text(case["rules"], "case.rules")])
    dataset = load_dataset_text(case["data"], "case.yaml")
    period = parse_period("2025")
    assert not isinstance(
        make_interpreter(program, dataset, period, date(2026, 1, 1)), ColumnInterpreter
    )
    with pytest.raises(ValueError, match="unknown backend"):
        make_interpreter(program, dataset, period, date(2026, 1, 1), "fast")


@pytest.mark.parametrize("amount", [-25, -3, -1, 1, 2, 5, 40])
def test_working_days_on_columns_match_the_calendar_for_every_day(amount: int) -> None:
    # Every day of 2023–2026, weekends and holidays included, as a receipt date.
    days = [date(2023, 1, 1) + timedelta(days=i) for i in range(4 * 365 + 1)]
    expected = [add_working_days(day, amount) for day in days]
    frame = pl.DataFrame({"d": days})
    for lookup in (True, False):
        expr = _shift(pl.col("d"), amount, DurationUnit.WORKING_DAYS, days[0], days[-1], lookup)
        assert frame.select(expr.alias("r"))["r"].to_list() == expected


@pytest.mark.parametrize("months", [-13, -1, 1, 12])
def test_months_on_columns_clamp_to_the_month_end_like_the_row_interpreter(months: int) -> None:
    from compliance.evaluator.functions import add_months

    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(800)]
    frame = pl.DataFrame({"d": days})
    expr = _shift(pl.col("d"), months, DurationUnit.MONTHS, days[0], days[-1])
    assert frame.select(expr.alias("r"))["r"].to_list() == [add_months(d, months) for d in days]


def test_near_misses_of_rows_ruled_out_by_a_later_key_are_told_without_evaluating_them() -> None:
    methods = _methods("columns-near-misses-after-the-key")
    # Each failing nämnd's `finns` ranks its rows on the columns; nobody scans the whole
    # collection. C's own row got past the key, so its near miss is its own and is written
    # with the lines of the columns before C is judged; B's and D's rows failed before the
    # key, and another nämnd's row came closer: they rank theirs when judged. The one that
    # holds shows the witness the columns found, its lines written from them.
    assert methods == {
        "columns, near misses": 2,
        "columns, near-miss evidence": 1,
        "columns, prepared near misses": 1,
        "columns, prepared witness": 1,
        "columns, witness evidence": 1,
        "columns, once for all subjects": 1,
        "column passes": 1,
    }


def test_witness_facts_are_made_from_the_columns_of_the_witness_rows() -> None:
    # Every `finns` that holds (TG for son and tn, REV for three nämnder, SVAR and ÅB for one
    # or two each) shows a witness whose comparisons are read from the columns: an id field
    # shown as its nämnd, `annars`, `frist`, a period part and a shifted date. None of them
    # evaluates its witness row by row; the failing nämnder with rows rank near misses on the
    # columns (two have theirs written from the columns before they are judged), and the
    # three without rows of a key that comes first need no ranking.
    methods = _methods("columns-witnesses-from-the-columns", witness_lines=False)
    assert methods == {
        "columns, once for all subjects": 4,
        "column passes": 3,
        "columns, witness": 8,
        "columns, witness facts": 8,
        "columns, near misses": 3,
        "columns, near-miss evidence": 2,
        "columns, prepared near misses": 2,
        "columns, prepared no rows": 3,
    }


def test_witness_lines_are_written_from_the_columns_of_the_witness_rows() -> None:
    methods = _methods("columns-witnesses-from-the-columns")
    # TG, SVAR and ÅB write their witnesses' lines as text columns, one batch each, before
    # their nämnder are judged. REV compares `n = g.nämnd`, subject first: a line would point
    # at the nämnd, so its three witnesses' facts are made from the columns as before; so are
    # those of SVAR's nämnd with a witness, which also has a row whose outcome is unknown.
    assert methods == {
        "columns, once for all subjects": 4,
        "column passes": 3,
        "columns, witness evidence": 3,
        "columns, prepared witness": 4,
        "columns, witness": 4,
        "columns, witness facts": 4,
        "columns, near misses": 3,
        "columns, near-miss evidence": 2,
        "columns, prepared near misses": 2,
        "columns, prepared no rows": 3,
    }


def test_example_rows_and_witnesses_are_made_from_the_columns() -> None:
    methods = _methods("columns-example-rows-and-witnesses")
    # SVAR and OBES (one comparison each) write their example rows' lines in one batch, for
    # the five nämnder whose requirement is looked up before they are judged; the example
    # rows' facts are made in one batch for the nämnd with a row whose `där` is unknown, which
    # is judged scan by scan. ÅTER's body is an `och`, so its examples are evaluated row by
    # row, as is that unknown row. Four scans share one pass.
    assert methods["columns, example evidence"] == 2
    assert methods["columns, prepared requirement"] == 5
    assert methods["columns, example rows"] == 1
    assert methods["columns, once for all subjects"] == 4
    assert methods["column passes"] == 1
    # KLAG holds for one nämnd (a witness from the columns, its facts too: a shifted date)
    # and ranks near misses for two, on the columns: one nämnd's are its own rows, their lines
    # written from the columns before it is judged.
    assert methods["columns, witness"] == 1
    assert methods["columns, witness facts"] == 1
    assert methods["columns, near misses"] == 1
    assert methods["columns, prepared near misses"] == 1


def test_near_misses_of_a_failing_finns_are_ranked_on_the_columns() -> None:
    methods = _methods("columns-near-misses-ranked-on-the-columns")
    # ÅB fails for four nämnder (one of them unknown): each with rows ranks them on the
    # columns, two of them before they are judged, with their lines written from the
    # columns; the unknown one when judged. INRE's `och` inside parentheses counts its own
    # conditions, so its nämnder with rows rank them row by row, without looking for a
    # witness where the columns found none (two have several rows); its witness, under the
    # inner `och`, is evaluated row by row too. ÅB's one witness has its lines written from
    # the columns before its nämnd is judged. C has no rows in either rule, whose key comes
    # first: nothing came close, so nothing is ranked.
    assert methods == {
        "columns, once for all subjects": 2,
        "column passes": 1,
        "columns, near misses": 1,
        "columns, near-miss evidence": 1,
        "columns, prepared near misses": 2,
        "columns, witness evidence": 1,
        "columns, prepared witness": 1,
        "columns, prepared no rows": 2,
        "columns, witness": 1,
        "rows of one key": 3,
        "rows, no witness to look for": 2,
    }


def test_near_misses_ranked_on_the_columns_show_only_the_closest_three() -> None:
    case = yaml.safe_load(
        (LANGUAGE / "columns-near-misses-ranked-on-the-columns.yaml").read_text("utf-8")
    )
    program, _ = check_program([parse_rule_text(case["rules"], "case.rules")])
    dataset = load_dataset_text(case["data"], "case.yaml")
    report = evaluate(
        program, dataset, period=parse_period("2025"), as_of=case["as_of"], backend="column"
    )
    shown = {
        (f.rule, f.subject.id): [e.path for e in f.evidence if e.text.startswith("Närmast")]
        for f in report.findings
    }
    # B's five rows all got as far: the first three in row order, not b4 or b5.
    assert shown[("ÅB", "b")] == [f"rapporter[b{i}].upprättad" for i in (1, 2, 3)]
    # A's unknown row is among its closest; C has no rows, and nothing came close.
    assert shown[("ÅB", "a")] == [f"rapporter[a{i}].upprättad" for i in (2, 3, 4)]
    assert shown[("ÅB", "c")] == []


@pytest.mark.parametrize("amount", [-3, 2, 40])
def test_working_days_by_lookup_and_by_polars_agree(amount: int) -> None:
    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(3 * 366)]
    frame = pl.DataFrame({"d": [*days, None]})
    unit = DurationUnit.WORKING_DAYS

    def shifted(lookup: bool) -> list[date | None]:
        expr = _shift(pl.col("d"), amount, unit, days[0], days[-1], lookup=lookup)
        return list(frame.select(expr.alias("r"))["r"].to_list())

    assert shifted(True) == shifted(False)
    assert shifted(True)[-1] is None


def test_period_parts_and_one_entry_lists_are_computed_once_for_all_subjects() -> None:
    methods = _methods("columns-period-parts-and-one-entry-lists")
    # `r.period.år`, `finns ö i r.överlämnad där ö.till = n.id och ö.datum <= frist`, the
    # `ingen` over the same list and TILL's `(n.id annars …)`: the three rules' scans in one
    # pass, although they read `n.id` and `frist`. ÅB holds for one nämnd and TILL for two (a
    # witness from the columns each, its lines written from them before the nämnd is judged);
    # the others rank near misses on the columns when judged: each got furthest into the
    # one-entry `finns` (a near miss's line is written from the columns only for a comparison
    # of the row's own fields), or has a row whose outcome is unknown. EJKF needs no row.
    assert methods == {
        "columns, once for all subjects": 3,
        "column passes": 1,
        "columns, witness evidence": 2,
        "columns, prepared witness": 3,
        "columns, near misses": 7,
        "columns, near-miss evidence": 2,
    }


_RAPPORTER_CSV = """id;typ;period;nämnd;överlämnad.till;överlämnad.datum
son-25;årsberättelse;2025;son;son;2026-05-20
tn-25;årsberättelse;2025;tn;tn;2026-06-12
kfn-24;årsberättelse;2024;kfn;kfn;2025-05-02
kfn-25;årsberättelse;2025;kfn;;
bun-25;årsberättelse;2025-T3;bun;kommunfullmäktige;2026-04-01
bun-25b;årsberättelse;2025;bun;bun;2026-05-31
"""


def test_list_entries_from_dotted_table_columns_agree_with_the_row_interpreter(
    tmp_path: Path,
) -> None:
    case = yaml.safe_load(
        (LANGUAGE / "columns-period-parts-and-one-entry-lists.yaml").read_text("utf-8")
    )
    (tmp_path / "rapporter.csv").write_text(_RAPPORTER_CSV, encoding="utf-8")
    organisation = yaml.safe_load(case["data"])
    del organisation["rapporter"]
    organisation["tabeller"] = {"rapporter": "rapporter.csv"}
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(organisation), encoding="utf-8")
    program, _ = check_program([parse_rule_text(case["rules"], "case.rules")])
    dataset = load_dataset([tmp_path / "org.yaml"])
    period, as_of = parse_period("2025"), case["as_of"]
    rows = evaluate(program, dataset, period=period, as_of=as_of, backend="row")
    columns = evaluate(program, dataset, period=period, as_of=as_of, backend="column")
    assert columns.findings == rows.findings
    outcomes = {(f.rule, f.subject.id): f.outcome.value for f in rows.findings}
    # A row with neither `överlämnad` column filled has an unknown list.
    assert outcomes[("ÅB", "son")] == "pass"
    assert outcomes[("ÅB", "kfn")] == "insufficient_data"
    assert outcomes[("ÅB", "bun")] == "pass"
    methods = _methods_of(program, dataset, case)
    assert methods["columns, once for all subjects"] == 3
    assert methods["column passes"] == 1
    # ÅB holds for son and bun, TILL for son, tn and bun: each witness found on the columns,
    # and its lines written from them (the one-entry `finns` shows no comparison of its own);
    # or, when they are not written as lines, its facts made from them.
    assert methods["columns, prepared witness"] == 5
    methods = _methods_of(program, dataset, case, witness_lines=False)
    assert methods["columns, witness"] == 5
    assert methods["columns, witness facts"] == 5
