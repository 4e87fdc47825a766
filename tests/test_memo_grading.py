"""Graded assessments: the share passing decides the level; missing evidence never passes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from compliance.diagnostics import InputError
from compliance.grading import (
    DEFAULT_SCALE,
    UPPFYLLT,
    ÄNDAMÅLSENLIG,
    GradingScale,
    Status,
    Tally,
    current_grading,
    grade,
    parse_grading,
    use_grading,
)


def level(tally: Tally, scale: GradingScale = UPPFYLLT) -> str | None:
    assessment = grade(tally, scale)
    if assessment.level is None:
        return assessment.status.value
    return assessment.scale.levels[assessment.level]


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(passed=13), "uppfyllt"),
        (Tally(passed=12, failed=1), "delvis_uppfyllt"),
        (Tally(passed=1, failed=1), "delvis_uppfyllt"),  # exactly 50 %
        (Tally(passed=1, failed=2), "ej_uppfyllt"),
        (Tally(failed=3), "ej_uppfyllt"),
    ],
)
def test_uppfyllt_scale_thresholds(tally: Tally, expected: str) -> None:
    assert level(tally) == expected


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(passed=4), "andamalsenlig"),
        (Tally(passed=3, failed=1), "till_overvagande_del"),  # exactly 75 %
        (Tally(passed=2, failed=1), "delvis"),
        (Tally(passed=1, failed=1), "delvis"),
        (Tally(passed=1, failed=3), "inte"),
    ],
)
def test_ändamålsenlig_scale_thresholds(tally: Tally, expected: str) -> None:
    assert level(tally, ÄNDAMÅLSENLIG) == expected


def test_missing_evidence_is_in_the_base_but_never_passes() -> None:
    # Ten passes and one missing: not everything judged passed, so not the best grade.
    assert level(Tally(passed=10, insufficient=1)) == "delvis_uppfyllt"
    assert grade(Tally(passed=10, insufficient=1)).tally.share == Fraction(10, 11)
    assert level(Tally(passed=1, insufficient=3)) == "ej_uppfyllt"


def test_only_missing_evidence_cannot_be_assessed() -> None:
    assessment = grade(Tally(insufficient=2, not_applicable=3))
    assert assessment.status is Status.NOT_ASSESSABLE
    assert assessment.level is None
    assert assessment.message_key == "memo.grade.not_assessable"


def test_not_applicable_not_due_and_waived_are_outside_the_base() -> None:
    tally = Tally(passed=2, not_applicable=5, not_due=4, waived=3)
    assert tally.judged == 2
    assert level(tally) == "uppfyllt"
    assert tally.total == 14


def test_nothing_judged_is_nothing_to_assess() -> None:
    for tally in (Tally(), Tally(not_applicable=2), Tally(waived=1, not_due=1)):
        assessment = grade(tally)
        assert assessment.status is Status.NOTHING_TO_ASSESS
        assert assessment.message_key == "memo.grade.nothing_to_assess"


def test_a_threshold_is_compared_exactly() -> None:
    # 0.8 as a float is a hair above 4/5; parsed from the config it must admit exactly 80 %.
    scale = parse_grading({"scale": "ändamålsenlig", "thresholds": [1.0, 0.8, 0.5]}, "x.toml")
    assessment = grade(Tally(passed=4, failed=1), scale)
    assert assessment.level == 1


# ---------------------------------------------------------------- configuration


def test_parse_grading_defaults_and_names() -> None:
    assert parse_grading({}, "compliance.toml") == DEFAULT_SCALE
    scale = parse_grading({"scale": "ändamålsenlig"}, "compliance.toml")
    assert scale == ÄNDAMÅLSENLIG
    custom = parse_grading({"scale": "uppfyllt", "thresholds": [0.9, 0.6]}, "compliance.toml")
    assert custom.thresholds == (Fraction(9, 10), Fraction(3, 5))
    assert custom.levels == UPPFYLLT.levels


@pytest.mark.parametrize(
    ("table", "message", "help"),
    [
        ({"scale": "ändamålsenligt"}, "`ändamålsenligt` is not a grading scale", "use one of"),
        ({"scale": 3}, "`grading.scale` must be the name of a scale", "`uppfyllt`"),
        ({"scale": "uppfyllt", "thresold": 1}, "unknown setting `grading.thresold`", "takes"),
        (
            {"thresholds": [1.0]},
            "the scale `uppfyllt` has 3 levels, so `grading.thresholds` needs 2 numbers, not 1",
            "thresholds = [1.0, 0.5]",
        ),
        (
            {"thresholds": [0.5, 0.9]},
            "`grading.thresholds` must be in descending order",
            "write e.g.",
        ),
        ({"thresholds": [1.5, 0.5]}, "between 0 and 1", None),
        ({"thresholds": "hög"}, "must be a list of numbers", None),
        ({"thresholds": [True, 0.5]}, "must be a list of numbers", None),
    ],
)
def test_parse_grading_refuses_bad_tables(
    table: dict[str, object], message: str, help: str | None
) -> None:
    with pytest.raises(InputError) as caught:
        parse_grading(table, "compliance.toml")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "E401"
    assert diagnostic.file == "compliance.toml"
    assert message in diagnostic.message
    if help is not None:
        assert diagnostic.help is not None and help in diagnostic.help


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as caught:
        parse_grading({"scale": "x", "colour": "red"}, "compliance.toml")
    assert len(caught.value.diagnostics) == 2


def test_use_grading_sets_the_scale_for_the_block_only() -> None:
    assert current_grading() is DEFAULT_SCALE
    with use_grading(ÄNDAMÅLSENLIG):
        assert current_grading() is ÄNDAMÅLSENLIG
        assert grade(Tally(passed=1)).scale is ÄNDAMÅLSENLIG
    assert current_grading() is DEFAULT_SCALE
