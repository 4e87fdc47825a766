"""Facts to evidence: the sentences a revisor reads under a finding, each with its data source."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

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


def evidence_from(facts: list[Fact] | tuple[Fact, ...], locate: Locate) -> list[Evidence]:
    return EvidenceWriter(locate).write(facts)


class EvidenceWriter:
    """Evidence for the findings of one run. The sentences of comparisons and examples are
    looked up in the catalogue once, in the run's language, rather than for each of the tens
    of thousands of comparisons a large run shows."""

    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self._compare = message("evidence.compare")
        self._side_format = message("evidence.side")
        self._holds = message("evidence.holds")
        self._fails = message("evidence.fails")
        self._unknown = message("evidence.unknown")
        self._found = message("evidence.exists_found")
        self._near_miss = message("evidence.near_miss")
        self._example = message("evidence.example")
        # How a side reads (`ö.datum = 2026-06-12`, or nothing for a literal) with its value's
        # text, by its source, whether it has a label, and its value: the same constants and
        # the same few words (`gällande`) appear in thousands of comparisons.
        self._sides: dict[tuple[str, bool, type, object], tuple[str, str | None]] = {}
        # Whole sentences of comparisons whose sides read the same (`g.status = gällande`).
        self._sentences: dict[tuple[str, str | None, str | None, object], str] = {}

    def write(self, facts: list[Fact] | tuple[Fact, ...]) -> list[Evidence]:
        items: list[Evidence] = []
        for fact in facts:
            if isinstance(fact, CompareFact):
                items.append(self.compare(fact))
            else:
                items.extend(self._quantifier(fact))
        return items[:MAX_EVIDENCE]

    def compare(self, fact: CompareFact) -> Evidence:
        left, right = fact.left, fact.right
        left_value, first = self._side(left)
        right_value, second = self._side(right)
        value: str | None
        if left.label is not None:
            source, value = left, left_value
        else:
            source = right
            value = right_value if right.label is not None else None
        path = source.path
        return Evidence(
            text=self._sentence(fact, first, second),
            path=source.label,
            value=value,
            location=None if path is None else self.locate(path),
        )

    def compare_text(self, fact: CompareFact) -> str:
        return self._sentence(fact, self._side(fact.left)[1], self._side(fact.right)[1])

    def _sentence(self, fact: CompareFact, first: str | None, second: str | None) -> str:
        return self.sentence(fact.source, first, second, fact.result)

    def sentence(self, source: str, first: str | None, second: str | None, result: object) -> str:
        """How a comparison reads, from how its sides read (`side`) and its result."""
        # Only True and False are cached: a missing result is a `Missing`, never equal twice.
        key = (source, first, second, result) if type(result) is bool else None
        if key is not None:
            found = self._sentences.get(key)
            if found is not None:
                return found
        if first is None:
            sides = "" if second is None else second
        else:
            sides = first if second is None else f"{first}, {second}"
        verdict = self._verdict(result)
        text = self._compare.format(condition=source, sides=sides, verdict=verdict)
        if key is not None:
            self._sentences[key] = text
        return text

    def _side(self, shown: Shown) -> tuple[str, str | None]:
        """The value's text, and how the side reads: `ö.datum = 2026-06-12`; a literal needs
        no restating, so it gives None."""
        return self.side(shown.source, shown.label is not None, shown.value)

    def side(self, source: str, labelled: bool, value: object) -> tuple[str, str | None]:
        """`_side` of a side with this source and value, read from the data (`labelled`) or
        not."""
        kind = type(value)
        if kind not in _CACHED:
            return self._side_text(source, labelled, value)
        key = (source, not labelled, kind, value)
        found = self._sides.get(key)
        if found is None:
            found = self._sides[key] = self._side_text(source, labelled, value)
        return found

    def _side_text(self, source: str, labelled: bool, raw: object) -> tuple[str, str | None]:
        value = format_value(raw)
        if not labelled and source in (value, f'"{value}"'):
            return value, None
        return value, self._side_format.format(source=source, value=value)

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

    def example_line(
        self, label: str, detail: str, path: str, location: Location | None
    ) -> Evidence:
        """The evidence line of a `för varje`'s example row, as `_element` writes it."""
        return Evidence(self._example.format(label=label, detail=detail), path, None, location)

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
        return message(_for_all_summary(fact.considered, fact.failed, fact.unknown), **values)
    if fact.kind is QuantifierKind.NONE:
        return message("evidence.none_ok", **values)
    if fact.total == 0:
        return message("evidence.exists_empty", **values)
    if isinstance(fact.result, Missing):
        return message("evidence.exists_unknown", **values)
    return message("evidence.exists_none", **values)


def _for_all_summary(considered: int, failed: int, unknown: int) -> str:
    """The catalogue key of a `för varje`'s summary sentence."""
    if failed:
        return "evidence.forall_some"
    if unknown:
        return "evidence.forall_unknown"
    if considered == 0:
        return "evidence.forall_empty"
    return "evidence.forall_all"


class ForAllSummaries:
    """The summary sentences of one `för varje` none of whose rows is unknown, as
    `_quantifier_summary` writes them, for subject after subject: the catalogue's sentences
    and what is the same for every subject are looked up once."""

    def __init__(self, collection: str, condition: str, total: int) -> None:
        self._sentences = {
            key: message(key)
            for key in ("evidence.forall_some", "evidence.forall_empty", "evidence.forall_all")
        }
        self._decimal = message("memo.number.decimal")
        self._rate = message("evidence.rate")
        self._fixed = {"collection": collection, "condition": condition, "total": total}

    def __call__(self, considered: int, failed: int) -> str:
        sentence = self._sentences[_for_all_summary(considered, failed, 0)]
        rate = _rate_text(failed, considered, self._decimal, self._rate)
        return sentence.format(
            considered=considered, failed=failed, unknown=0, rate=rate, **self._fixed
        )


def _rate(part: int, whole: int) -> str:
    """`33,3 %`: the share to one decimal, rounded half up, without a trailing `,0`."""
    return _rate_text(part, whole, message("memo.number.decimal"), message("evidence.rate"))


def _rate_text(part: int, whole: int, decimal: str, template: str) -> str:
    """`_rate` with the catalogue's decimal sign and sentence given."""
    if whole == 0:
        return ""
    # Tenths of a per cent, rounded half up, in whole numbers (a `Decimal` costs ten times as
    # much, in a sentence written for thousands of findings).
    tenths = (part * 2000 + whole) // (2 * whole)
    units, tenth = divmod(tenths, 10)
    text = str(units) if tenth == 0 else f"{units}{decimal}{tenth}"
    return template.format(value=text)
