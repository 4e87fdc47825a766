"""Facts to evidence: the sentences a revisor reads under a finding, each with its data source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
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

# Values whose text depends on nothing but their type and value (and the language, fixed for
# a writer); what `format_value` makes of anything else may be more than that.
_CACHED = frozenset({str, int, date})
_UNSEEN = object()


def evidence_from(facts: list[Fact] | tuple[Fact, ...], locate: Locate) -> list[Evidence]:
    return EvidenceWriter(locate).write(facts)


class EvidenceWriter:
    """Evidence for the findings of one run. The sentences of comparisons and examples are
    looked up in the catalogue once, in the run's language, rather than for each of the tens
    of thousands of comparisons a large run shows."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self._compare = message("evidence.compare")
        self._side = message("evidence.side")
        self._holds = message("evidence.holds")
        self._fails = message("evidence.fails")
        self._unknown = message("evidence.unknown")
        self._found = message("evidence.exists_found")
        self._near_miss = message("evidence.near_miss")
        self._example = message("evidence.example")
        # How a side without a label reads (`period.slut = 2025-12-31`), by its source and
        # value: the same few constants appear in thousands of comparisons.
        self._bare: dict[tuple[str, type, object], str | None] = {}

    def write(self, facts: list[Fact] | tuple[Fact, ...]) -> list[Evidence]:
        items: list[Evidence] = []
        for fact in facts:
            if isinstance(fact, CompareFact):
                items.append(self.compare(fact))
            else:
                items.extend(self._quantifier(fact))
        return items[:MAX_EVIDENCE]

    def compare(self, fact: CompareFact) -> Evidence:
        source = fact.left if fact.left.label is not None else fact.right
        path = source.path
        return Evidence(
            text=self.compare_text(fact),
            path=source.label,
            value=format_value(source.value) if source.label is not None else None,
            location=None if path is None else self.locate(path),
        )

    def compare_text(self, fact: CompareFact) -> str:
        first, second = self.side(fact.left), self.side(fact.right)
        if first is None:
            sides = "" if second is None else second
        else:
            sides = first if second is None else f"{first}, {second}"
        verdict = self._verdict(fact.result)
        return self._compare.format(condition=fact.source, sides=sides, verdict=verdict)

    def side(self, shown: Shown) -> str | None:
        """`ö.datum = 2026-06-12`; a literal needs no restating, so it gives nothing."""
        value = shown.value
        kind = type(value)
        if shown.label is not None or kind not in _CACHED:
            return self._side_text(shown)
        key = (shown.source, kind, value)
        found = self._bare.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._bare[key] = self._side_text(shown)
        assert found is None or isinstance(found, str)
        return found

    def _side_text(self, shown: Shown) -> str | None:
        value = format_value(shown.value)
        if shown.label is None and shown.source in (value, f'"{value}"'):
            return None
        return self._side.format(source=shown.source, value=value)

    def _verdict(self, result: object) -> str:
        if result is True:
            return self._holds
        if result is False:
            return self._fails
        return self._unknown

    def _quantifier(self, fact: QuantifierFact) -> list[Evidence]:
        locate = self.locate
        items: list[Evidence] = []
        if fact.kind is QuantifierKind.EXISTS and fact.result is True and fact.examples:
            witness = fact.examples[0]
            items.append(
                Evidence(
                    text=self._found.format(label=witness.label),
                    path=witness.label,
                    value=None,
                    location=_where(witness.path, locate),
                )
            )
            items.extend(self.compare(f) for f in witness.facts if isinstance(f, CompareFact))
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
        template = self._near_miss if fact.kind is QuantifierKind.EXISTS else self._example
        items.extend(self._element(template, element, fact.condition) for element in fact.examples)
        return items

    def _element(self, template: str, element: ElementFact, condition: str) -> Evidence:
        detail = self._detail(element.facts)
        # A condition with no comparison in it (`angiven(s.åtgärd)`) is reported as a whole.
        text = (
            detail[0]
            if detail
            else message(
                "evidence.condition", condition=condition, verdict=self._verdict(element.result)
            )
        )
        path = detail[1] if detail and detail[1] else element.label
        location = detail[2] if detail and detail[2] else _where(element.path, self.locate)
        return Evidence(
            text=template.format(label=element.label, detail=text),
            path=path,
            value=None,
            location=location,
        )

    def _detail(self, facts: tuple[Fact, ...]) -> tuple[str, str | None, Location | None] | None:
        """The decisive fact of an element: the last one that did not hold, looking inside."""
        for fact in reversed(facts):
            if fact.result is True:
                continue
            if isinstance(fact, CompareFact):
                side = fact.left if fact.left.label is not None else fact.right
                return self.compare_text(fact), side.label, _where(side.path, self.locate)
            if fact.examples:
                inner = self._detail(fact.examples[0].facts)
                if inner is not None:
                    return inner
            return _quantifier_summary(fact), None, None
        return None


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
