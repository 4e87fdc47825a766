"""Facts to evidence: the sentences a revisor reads under a finding, each with its data source."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from compliance.data.dataset import DataPath, Location
from compliance.evaluator.facts import CompareFact, ElementFact, Fact, QuantifierFact, Shown
from compliance.evaluator.formatting import format_value
from compliance.evaluator.values import Missing
from compliance.findings import Evidence
from compliance.messages import message
from compliance.syntax.kinds import QuantifierKind

MAX_EVIDENCE = 12

# Where a data path is written: facts carry paths, evidence shows file locations.
Locate = Callable[[DataPath], Location | None]


def evidence_from(facts: list[Fact] | tuple[Fact, ...], locate: Locate) -> list[Evidence]:
    items: list[Evidence] = []
    for fact in facts:
        if isinstance(fact, CompareFact):
            items.append(_compare_evidence(fact, locate))
        else:
            items.extend(_quantifier_evidence(fact, locate))
    return items[:MAX_EVIDENCE]


def _where(path: DataPath | None, locate: Locate) -> Location | None:
    return None if path is None else locate(path)


def missing_evidence(missing: Missing) -> list[Evidence]:
    return [
        Evidence(
            text=message("evidence.missing_item", label=item.label, reason=item.reason),
            path=item.label,
            value=None,
            location=item.location,
        )
        for item in missing.items
    ][:MAX_EVIDENCE]


def _verdict(result: object) -> str:
    if result is True:
        return message("evidence.holds")
    if result is False:
        return message("evidence.fails")
    return message("evidence.unknown")


def _side(shown: Shown) -> str | None:
    """`ö.datum = 2026-06-12`; a literal needs no restating, so it gives nothing."""
    value = format_value(shown.value)
    if shown.label is None and shown.source in (value, f'"{value}"'):
        return None
    return message("evidence.side", source=shown.source, value=value)


def compare_text(fact: CompareFact) -> str:
    sides = [s for s in (_side(fact.left), _side(fact.right)) if s is not None]
    return message(
        "evidence.compare",
        condition=fact.source,
        sides=", ".join(sides),
        verdict=_verdict(fact.result),
    )


def _compare_evidence(fact: CompareFact, locate: Locate) -> Evidence:
    source = fact.left if fact.left.label is not None else fact.right
    return Evidence(
        text=compare_text(fact),
        path=source.label,
        value=format_value(source.value) if source.label is not None else None,
        location=_where(source.path, locate),
    )


def _detail(
    facts: tuple[Fact, ...], locate: Locate
) -> tuple[str, str | None, Location | None] | None:
    """The decisive fact of an element: the last one that did not hold, looking inside."""
    for fact in reversed(facts):
        if fact.result is True:
            continue
        if isinstance(fact, CompareFact):
            side = fact.left if fact.left.label is not None else fact.right
            return compare_text(fact), side.label, _where(side.path, locate)
        if fact.examples:
            inner = _detail(fact.examples[0].facts, locate)
            if inner is not None:
                return inner
        return _quantifier_summary(fact), None, None
    return None


def _element_evidence(
    template: str, element: ElementFact, condition: str, locate: Locate
) -> Evidence:
    detail = _detail(element.facts, locate)
    # A condition with no comparison in it (`angiven(s.åtgärd)`) is reported as a whole.
    text = (
        detail[0]
        if detail
        else message("evidence.condition", condition=condition, verdict=_verdict(element.result))
    )
    path = detail[1] if detail and detail[1] else element.label
    location = detail[2] if detail and detail[2] else _where(element.path, locate)
    return Evidence(
        text=message(template, label=element.label, detail=text),
        path=path,
        value=None,
        location=location,
    )


def _quantifier_summary(fact: QuantifierFact) -> str:
    values = {
        "total": fact.total,
        "considered": fact.considered,
        "failed": fact.failed,
        "unknown": fact.unknown,
        "collection": fact.collection,
        "condition": fact.condition,
        "rate": _rate(fact.failed, fact.considered),
    }
    if fact.kind is QuantifierKind.FORALL:
        if fact.failed:
            return message("evidence.forall_some", **values)
        if fact.unknown:
            return message("evidence.forall_unknown", **values)
        if fact.considered == 0:
            return message("evidence.forall_empty", **values)
        return message("evidence.forall_all", **values)
    if fact.kind is QuantifierKind.NONE:
        return message("evidence.none_ok", **values)
    if fact.total == 0:
        return message("evidence.exists_empty", **values)
    if isinstance(fact.result, Missing):
        return message("evidence.exists_unknown", **values)
    return message("evidence.exists_none", **values)


def _rate(part: int, whole: int) -> str:
    """`33,3 %`: the share to one decimal, rounded half up, without a trailing `,0`."""
    if whole == 0:
        return ""
    tenths = Decimal(part * 1000) / Decimal(whole)
    value = tenths.quantize(Decimal(1), rounding=ROUND_HALF_UP) / 10
    text = f"{value:.1f}".removesuffix(".0").replace(".", message("memo.number.decimal"))
    return message("evidence.rate", value=text)


def _quantifier_evidence(fact: QuantifierFact, locate: Locate) -> list[Evidence]:
    items: list[Evidence] = []
    if fact.kind is QuantifierKind.EXISTS and fact.result is True and fact.examples:
        witness = fact.examples[0]
        items.append(
            Evidence(
                text=message("evidence.exists_found", label=witness.label),
                path=witness.label,
                value=None,
                location=_where(witness.path, locate),
            )
        )
        items.extend(
            _compare_evidence(f, locate) for f in witness.facts if isinstance(f, CompareFact)
        )
        return items
    if fact.kind is QuantifierKind.NONE and fact.result is False:
        for element in fact.examples:
            items.append(
                Evidence(
                    text=message(
                        "evidence.none_found", label=element.label, condition=fact.condition
                    ),
                    path=element.label,
                    value=None,
                    location=_where(element.path, locate),
                )
            )
        return items
    items.append(Evidence(text=_quantifier_summary(fact), location=_where(fact.path, locate)))
    template = "evidence.near_miss" if fact.kind is QuantifierKind.EXISTS else "evidence.example"
    items.extend(
        _element_evidence(template, element, fact.condition, locate) for element in fact.examples
    )
    return items
