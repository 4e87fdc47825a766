"""Generated and mutated input: the parser, checker, loader and evaluator answer with a result
or with diagnostics, never with another exception.

Every property runs a fixed number of examples (`derandomize=True`: the same examples on every
run and machine, so a failure in CI is a failure on a laptop). The counts are recorded in
docs/reliability.md; reproduce them with

    python -m pytest tests/test_properties.py --hypothesis-show-statistics -q

Generated rules are built from the data model (`checker.data_schema`), so every attribute a
rule may use is exercised, and most generated rules check clean and are evaluated against the
Haninge data and against a kommun without data, then rendered in every report format.
"""

from __future__ import annotations

import string
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from compliance import ir
from compliance.checker.checker import check_program
from compliance.checker.data_schema import collection_models, entity_fields
from compliance.checker.types import (
    BoolType,
    DateType,
    EntityType,
    NumberType,
    TextType,
)
from compliance.data.dataset import Dataset
from compliance.data.loader import load_dataset, load_dataset_text
from compliance.diagnostic_codes import CODES
from compliance.diagnostics import Diagnostic, InputError, Level, render_diagnostic
from compliance.evaluator import evaluate
from compliance.periods import parse_period
from compliance.reporters import BINARY_FORMATS, FORMATS, render_report
from compliance.syntax.parser import parse_rule_text

ROOT = Path(__file__).resolve().parent.parent
PACKS = sorted((ROOT / "policy_rules").glob("*.rules"))
DATA_FILES = sorted((ROOT / "fixtures").rglob("*.yaml"))
HANINGE = [
    ROOT / "fixtures" / "haninge" / name for name in ("organisation.yaml", "synpunkter.yaml")
]
EMPTY_KOMMUN = "kommun:\n  id: tom\n  namn: Tom kommun\n"
INTERNAL = "E399"
TEXT_FORMATS = sorted(set(FORMATS) - BINARY_FORMATS)

# Few examples each, but always the same ones; the whole file runs in about 20 seconds.
PROFILE = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # No "explain" phase: it reruns a failure hundreds of times to list lines.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)


def examples(count: int) -> settings:
    return settings(PROFILE, max_examples=count)


RULE_TOKENS = [
    "styrdokument", "krav", "låt", "{", "}", "(", ")", '"', '"x"', ":", ".", ",", "=", "<=", "+",
    "-", "*", "/", "%", "och", "eller", "inte", "finns", "ingen", "för varje", "i", "där",
    "kräver", "frist", "avser", "tillämplig om", "allvarlighet", "hög", "källa", "dokument",
    "citat", "avvikelse", "annars", "inom", "antal", "summa", "n", "n.namn", "nämnder",
    "period", "avstämningsdag", "2025-02-30", "2025-05-31", "31 maj", "året efter",
    "2 arbetsdagar", "3.5 dagar", "99999999 år", "#", "\n", "\t", "ö", "\ufeff", "\x00", "9" * 40,
]  # fmt: skip
YAML_TOKENS = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!python/object ",
    "!!binary ", "'", '"', "|", ">", "#", "---", "...", "\n", "\t", "  ", "~", "null", "yes",
    "2025-02-30", "0136", "1e999", "kommun:", "nämnder:", "id: x", "\x00", "\x07", "\ufeff",
]  # fmt: skip


# ---------------------------------------------------------------- the contract


def diagnosed(diagnostics: list[Diagnostic]) -> None:
    """Diagnostics that keep the contract: registered codes, real positions, renderable."""
    assert diagnostics, "an InputError must say what is wrong"
    for diagnostic in diagnostics:
        assert diagnostic.code in CODES, diagnostic
        assert diagnostic.code != INTERNAL, render_diagnostic(diagnostic)
        assert diagnostic.message and diagnostic.where, diagnostic
        if diagnostic.span is not None:
            assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1, diagnostic
        render_diagnostic(diagnostic)


def check_rules(text: str, name: str = "generated.rules") -> ir.Program | None:
    """The checked program of `text`, or None when it was (correctly) diagnosed."""
    try:
        program, diagnostics = check_program([parse_rule_text(text, name)])
    except InputError as error:
        diagnosed(error.diagnostics)
        return None
    if any(d.level is Level.ERROR for d in diagnostics):
        diagnosed(diagnostics)
        return None
    return program


def load_data(text: str, name: str = "generated.yaml") -> Dataset | None:
    try:
        return load_dataset_text(text, name)
    except InputError as error:
        diagnosed(error.diagnostics)
        return None


@cache
def datasets() -> tuple[Dataset, ...]:
    """The Haninge data, and a kommun that declares nothing (every collection missing)."""
    return load_dataset(HANINGE), load_dataset_text(EMPTY_KOMMUN, "tom.yaml")


# ---------------------------------------------------------------- mutations


@st.composite
def mutated(draw: st.DrawFn, originals: list[str], tokens: list[str]) -> str:
    """A real file after one to four edits of the kinds people and tools make."""
    text = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        lines = text.splitlines(keepends=True)
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap", "truncate"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(tokens)) + text[at:]
        elif kind == "duplicate" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: i + 1], *lines[i:]])
        elif kind == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        else:
            text = text[:at]
    return text


# ---------------------------------------------------------------- generated rules

COLLECTIONS = sorted(collection_models())
NUMBER_LITERALS = st.sampled_from(["0", "1", "2", "3.5", "100", "12 %", "1000000"])
# Dates stay within the years the working-day calendar knows (1953 on) and far from year
# 9999: arithmetic past the end of the calendar is a known evaluator gap (docs/reliability.md).
DATES = st.dates(min_value=date(1953, 1, 1), max_value=date(2100, 12, 31))
UNITS = st.sampled_from(["dagar", "arbetsdagar", "månader", "år"])
MONTHS = st.sampled_from(["januari", "februari", "maj", "juni", "december"])


def attributes(collection_or_model: object, wanted: type) -> list[str]:
    model = (
        collection_models()[collection_or_model]
        if isinstance(collection_or_model, str)
        else collection_or_model
    )
    fields = entity_fields(model)  # type: ignore[arg-type]
    return sorted(name for name, field in fields.items() if isinstance(field.type, wanted))


class RuleWriter:
    """Draws well-typed (and, now and then, ill-typed) rule text for one rule's scope."""

    def __init__(self, draw: st.DrawFn, scope: dict[str, str]) -> None:
        self.draw = draw
        self.scope = scope  # variable → collection
        self.fresh = 0

    def pick(self, options: list[str]) -> str:
        return self.draw(st.sampled_from(options))

    def attribute(self, wanted: type) -> str | None:
        choices = [(v, a) for v, c in self.scope.items() for a in attributes(c, wanted)]
        if not choices:
            return None
        variable, name = self.draw(st.sampled_from(choices))
        return f"{variable}.{name}"

    def quantified(self, depth: int) -> str:
        self.fresh += 1
        variable, collection = f"x{self.fresh}", self.pick(COLLECTIONS)
        inner = RuleWriter(self.draw, {**self.scope, variable: collection})
        inner.fresh = self.fresh
        body = inner.boolean(depth - 1)
        form = self.pick(["finns", "ingen", "för varje"])
        if form == "för varje":
            return f"(för varje {variable} i {collection}: {body})"
        return f"({form} {variable} i {collection} där {body})"

    def boolean(self, depth: int) -> str:
        options = ["literal", "compare_numbers", "compare_dates", "present"]
        if depth > 0:
            options += ["and", "or", "not", "quantified", "within"]
        match self.pick(options):
            case "and" | "or" as kind:
                word = "och" if kind == "and" else "eller"
                return f"({self.boolean(depth - 1)} {word} {self.boolean(depth - 1)})"
            case "not":
                return f"inte {self.boolean(depth - 1)}"
            case "quantified":
                return self.quantified(depth)
            case "within":
                return f"{self.date(depth - 1)} inom period"
            case "compare_numbers":
                op = self.pick(["=", "!=", "<", "<=", ">", ">="])
                return f"{self.number(depth - 1)} {op} {self.number(depth - 1)}"
            case "compare_dates":
                op = self.pick(["=", "<", "<=", ">="])
                return f"{self.date(depth - 1)} {op} {self.date(depth - 1)}"
            case "present":
                attribute = self.attribute(DateType) or "avstämningsdag"
                return f"{self.pick(['angiven', 'saknas'])}({attribute})"
            case _:
                flag = self.attribute(BoolType)
                return flag if flag and self.draw(st.booleans()) else self.pick(["sant", "falskt"])

    def number(self, depth: int) -> str:
        options = ["literal", "count", "attribute", "year"]
        if depth > 0:
            options += ["arithmetic", "between", "sum", "otherwise", "round"]
        match self.pick(options):
            case "arithmetic":
                op = self.pick(["+", "-", "*", "/"])
                return f"({self.number(depth - 1)} {op} {self.number(depth - 1)})"
            case "count":
                return f"antal({self.pick(COLLECTIONS)})"
            case "attribute":
                return self.attribute(NumberType) or self.draw(NUMBER_LITERALS)
            case "year":
                return f"{self.pick(['år', 'månad'])}({self.date(0)})"
            case "between":
                function = self.pick(["arbetsdagar_mellan", "dagar_mellan"])
                return f"{function}({self.date(depth - 1)}, {self.date(depth - 1)})"
            case "sum":
                collection = self.pick(COLLECTIONS)
                numbers = attributes(collection, NumberType)
                if not numbers:
                    return f"antal({collection})"
                kind = self.pick(["summa", "minsta", "största"])
                return f"{kind}(y.{self.pick(numbers)} för y i {collection})"
            case "otherwise":
                return f"({self.number(depth - 1)} annars {self.number(depth - 1)})"
            case "round":
                return f"avrunda({self.number(depth - 1)}, {self.pick(['0', '1', '2'])})"
            case _:
                return self.draw(NUMBER_LITERALS)

    def date(self, depth: int) -> str:
        options = ["literal", "as_of", "period", "attribute", "relative"]
        if depth > 0:
            options += ["plus", "next_working_day", "otherwise"]
        match self.pick(options):
            case "as_of":
                return "avstämningsdag"
            case "period":
                return self.pick(["period.start", "period.slut"])
            case "attribute":
                return self.attribute(DateType) or "avstämningsdag"
            case "relative":
                offset = self.pick(["", " året efter", " året före", " samma år"])
                return f"{self.draw(st.integers(1, 28))} {self.draw(MONTHS)}{offset}"
            case "plus":
                amount = self.draw(st.integers(0, 400))
                sign = self.pick(["+", "-"])
                return f"({self.date(depth - 1)} {sign} {amount} {self.draw(UNITS)})"
            case "next_working_day":
                return f"nästa_arbetsdag({self.date(depth - 1)})"
            case "otherwise":
                return f"({self.date(depth - 1)} annars {self.date(depth - 1)})"
            case _:
                return self.draw(DATES).isoformat()

    def text(self) -> str:
        closed = [
            (variable, name, field.type.values)
            for variable, collection in self.scope.items()
            for name, field in entity_fields(collection_models()[collection]).items()
            if isinstance(field.type, TextType) and field.type.values
        ]
        if closed and self.draw(st.booleans()):
            variable, name, values = self.draw(st.sampled_from(closed))
            return f'{variable}.{name} = "{self.pick(list(values))}"'
        reference = self.attribute(EntityType)
        return f'{reference}.id = "{self.pick(["sn", "x", "å"])}"' if reference else "sant"

    def wild(self) -> str:
        """A name or attribute regardless of type: gives the checker something to refuse."""
        everything = [
            f"{variable}.{name}"
            for variable, collection in self.scope.items()
            for name in entity_fields(collection_models()[collection])
        ]
        return self.pick([*everything, *COLLECTIONS, "period", "okänd", "s.okänd"])


@st.composite
def rule_files(draw: st.DrawFn) -> str:
    rules = []
    for number in range(draw(st.integers(1, 3))):
        collection = draw(st.sampled_from(COLLECTIONS))
        writer = RuleWriter(draw, {"s": collection})
        requirement = writer.boolean(draw(st.integers(0, 3)))
        if draw(st.integers(0, 9)) == 0:
            requirement = f"{requirement} och {writer.wild()} = {writer.wild()}"
        if draw(st.booleans()):
            requirement = f"{requirement} {writer.pick(['och', 'eller'])} {writer.text()}"
        clauses = [f"  avser s i {collection}"]
        if draw(st.booleans()):
            clauses.append(f"  tillämplig om {writer.boolean(1)}")
        if draw(st.booleans()):
            clauses.append(f"  frist {writer.date(1)}")
        clauses.append(f"  kräver {requirement}")
        if draw(st.booleans()):
            number, day = writer.number(1), writer.date(1)
            clauses.append(f'  avvikelse "{{s.id}} — {{{number}}}, {{{day}}}."')
        severity = draw(st.sampled_from(["låg", "medel", "hög", "kritisk"]))
        rules.append(
            f'krav G-{number} "Genererat krav {number}" {{\n  allvarlighet {severity}\n'
            f'  källa {{ dokument "Genererad policy" citat "Så ska det vara." }}\n'
            + "\n".join(clauses)
            + "\n}\n"
        )
    return 'styrdokument "Genererad policy" { antagen 2020-01-01 }\n\n' + "\n".join(rules)


# ---------------------------------------------------------------- properties: rule files


@examples(100)
@given(rule_files(), st.sampled_from(["2025", "2024-T2", "2023-H1", "2026-Q3"]), DATES)
def test_generated_rules_check_evaluate_and_render(text: str, period: str, as_of: date) -> None:
    program = check_rules(text)
    if program is None:
        event("rule file diagnosed")
        return
    event("rule file checked clean: evaluated and rendered")
    haninge, empty = (
        evaluate(program, dataset, period=parse_period(period), as_of=as_of)
        for dataset in datasets()
    )
    assert len(empty.findings) <= len(haninge.findings) or not haninge.findings
    for name in TEXT_FORMATS:
        assert render_report(haninge, name)
        assert render_report(empty, name)


@examples(4)
@given(rule_files())
def test_generated_rules_render_in_binary_formats(text: str) -> None:
    # Few examples: a DOCX takes most of a second to build.
    program = check_rules(text)
    if program is None:
        return
    report = evaluate(program, datasets()[0], period=parse_period("2025"), as_of=date(2026, 9, 30))
    for name in sorted(BINARY_FORMATS):
        assert isinstance(render_report(report, name), bytes)


@examples(100)
@given(mutated([p.read_text("utf-8") for p in PACKS], RULE_TOKENS))
def test_mutated_rule_packs_are_diagnosed_or_evaluated(text: str) -> None:
    program = check_rules(text, "mutated.rules")
    if program is None:
        event("mutant diagnosed")
        return
    event("mutant checked clean: evaluated")
    evaluate(program, datasets()[0], period=parse_period("2025"), as_of=date(2026, 9, 30))


@examples(200)
@given(st.lists(st.sampled_from([*RULE_TOKENS, "krav R", "kräver sant", "n i"]), max_size=40))
def test_token_soup_is_diagnosed(tokens: list[str]) -> None:
    check_rules('styrdokument "P" { }\n' + " ".join(tokens))


@examples(200)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_as_a_rule_file(text: str) -> None:
    check_rules(text)


# ---------------------------------------------------------------- properties: data files

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    DATES.map(date.isoformat),
    st.sampled_from(["2025-02-30", "2025", "2025-T2", "2025-T4", "årsberättelse", "sn", "0136"]),
)
FIELD_NAMES = sorted({n for m in collection_models().values() for n in entity_fields(m)})
KEYS = st.sampled_from(["kommun", "id", "namn", *COLLECTIONS, *FIELD_NAMES]) | st.text(max_size=8)


@st.composite
def organisations(draw: st.DrawFn) -> str:
    """Data shaped like an organisation, with values of every kind in every place."""
    value = st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
        max_leaves=25,
    )
    entries = st.lists(st.dictionaries(KEYS, value, max_size=6), max_size=3)
    top = st.sampled_from(["kommun", *COLLECTIONS])
    document = draw(st.dictionaries(top, entries | value, max_size=4))
    if draw(st.booleans()):
        document["kommun"] = {"id": "k", "namn": "K"}
    style = draw(st.sampled_from([None, True, False]))
    return yaml.safe_dump(document, allow_unicode=True, default_flow_style=style)


@examples(150)
@given(organisations())
def test_generated_organisations_load_or_are_diagnosed(text: str) -> None:
    event("loaded" if load_data(text) is not None else "diagnosed")


@examples(100)
@given(mutated([p.read_text("utf-8") for p in DATA_FILES], YAML_TOKENS))
def test_mutated_data_files_load_or_are_diagnosed(text: str) -> None:
    event("loaded" if load_data(text, "mutated.yaml") is not None else "diagnosed")


@examples(200)
@given(
    st.lists(st.sampled_from([*YAML_TOKENS, *string.ascii_letters[:6]]), max_size=40).map("".join)
)
def test_yaml_token_soup_is_diagnosed(text: str) -> None:
    load_data(text)


@examples(100)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_data_file(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "bytes.yaml"
    path.write_bytes(data)
    try:
        load_dataset([path])
    except InputError as error:
        diagnosed(error.diagnostics)
    assert path.read_bytes() == data  # read, never written
