"""Evidence sentences written once and reused read exactly as if written afresh.

`EvidenceWriter` keeps the sentences of comparisons whose sides read the same (`g.status =
gällande – stämmer` appears under thousands of findings), and the failure rate of a `för varje`
is computed in whole numbers; neither may change a word of what a fresh computation writes.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from compliance.evaluator.evidence import EvidenceWriter, _rate
from compliance.evaluator.facts import CompareFact, Shown
from compliance.evaluator.values import Missing, MissingItem
from compliance.messages import message, use_language


def _decimal_rate(part: int, whole: int) -> str:
    """The rate as it was first written, with `Decimal`: the reference."""
    tenths = Decimal(part * 1000) / Decimal(whole)
    value = tenths.quantize(Decimal(1), rounding=ROUND_HALF_UP) / 10
    text = f"{value:.1f}".removesuffix(".0").replace(".", message("memo.number.decimal"))
    return message("evidence.rate", value=text)


@given(
    st.integers(min_value=1, max_value=10_000_000).flatmap(
        lambda whole: st.tuples(st.integers(min_value=0, max_value=whole), st.just(whole))
    )
)
@example((1, 16))  # 6,25 %: half up to 6,3
@example((1, 2000))  # 0,05 %: half up to 0,1
@example((1, 3))
@example((7, 7))
@example((0, 5))
def test_the_rate_rounds_half_up_as_decimal_arithmetic_does(case: tuple[int, int]) -> None:
    part, whole = case
    assert _rate(part, whole) == _decimal_rate(part, whole)
    with use_language("en"):
        assert _rate(part, whole) == _decimal_rate(part, whole)


def test_the_rate_reads_in_swedish() -> None:
    assert "6,3" in _rate(1, 16)
    assert "100" in _rate(3, 3) and "100,0" not in _rate(3, 3)
    assert _rate(1, 0) == ""


def _fact(
    result: object, label: str | None = "g.status", value: object = "gällande"
) -> CompareFact:
    left = Shown("g.status", value, label, ("tjänstegarantier", 0, "status") if label else None)
    right = Shown('"gällande"', "gällande", None, None)
    return CompareFact('g.status = "gällande"', left, right, result)


def test_a_reused_sentence_reads_as_a_fresh_one() -> None:
    writer = EvidenceWriter(lambda path: None)
    unknown = Missing((MissingItem("g.status", "uppgift saknas"),))
    facts = [
        _fact(True),
        _fact(False),
        _fact(unknown),
        _fact(True, label=None),  # a side without a label whose source is not its value
        _fact(True, value=date(2025, 1, 2)),
        _fact(True, value=1),
        _fact(True, value=True),  # equal to 1, but reads `ja`
        _fact(True),
        # The same source and value, with a label and without: only a label restates it.
        CompareFact("x", Shown('"a"', "a", "r.x", ("r", 0, "x")), Shown("1", 1, None, None), True),
        CompareFact("x", Shown('"a"', "a", None, None), Shown("1", 1, None, None), True),
    ]
    texts = [writer.compare(fact) for fact in facts]
    again = [writer.compare(fact) for fact in facts]
    fresh = [EvidenceWriter(lambda path: None).compare(fact) for fact in facts]
    assert texts == again == fresh
    assert texts[0].text != texts[1].text != texts[2].text
    assert texts[5].text != texts[6].text
    assert texts[0].value == "gällande" and texts[0].path == "g.status"
    assert texts[3].path is None and texts[3].value is None
    assert "g.status = gällande" in texts[3].text
    assert '"a" = a' in texts[8].text and '"a" = a' not in texts[9].text


def test_a_literal_side_is_not_restated() -> None:
    writer = EvidenceWriter(lambda path: None)
    text = writer.compare(_fact(True)).text
    assert text.count("gällande") == 2  # the condition's literal and the field's value
