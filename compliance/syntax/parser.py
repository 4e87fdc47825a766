"""Rule files to syntax trees. The only module that touches Lark's `Tree` and `Token`.

Everything after this module sees the typed nodes of `ast.py`; syntax errors leave as
diagnostics with file, line, column and an expectation written in the language's own words.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken
from lark.tree import Meta

from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path
from compliance.findings import Severity
from compliance.syntax import ast
from compliance.syntax.parser_cache import load_cached_parser

MAX_RULE_FILE_BYTES = 5 * 1024 * 1024
MAX_NESTING = 60

_SEVERITIES = {
    "låg": Severity.LOW,
    "low": Severity.LOW,
    "medel": Severity.MEDIUM,
    "medium": Severity.MEDIUM,
    "hög": Severity.HIGH,
    "high": Severity.HIGH,
    "kritisk": Severity.CRITICAL,
    "critical": Severity.CRITICAL,
}
_UNITS = {
    "dag": ast.DurationUnit.DAYS,
    "dagar": ast.DurationUnit.DAYS,
    "day": ast.DurationUnit.DAYS,
    "days": ast.DurationUnit.DAYS,
    "arbetsdag": ast.DurationUnit.WORKING_DAYS,
    "arbetsdagar": ast.DurationUnit.WORKING_DAYS,
    "working_day": ast.DurationUnit.WORKING_DAYS,
    "working_days": ast.DurationUnit.WORKING_DAYS,
    "månad": ast.DurationUnit.MONTHS,
    "månader": ast.DurationUnit.MONTHS,
    "month": ast.DurationUnit.MONTHS,
    "months": ast.DurationUnit.MONTHS,
    "år": ast.DurationUnit.YEARS,
    "year": ast.DurationUnit.YEARS,
    "years": ast.DurationUnit.YEARS,
}
_MONTHS = {
    name: number
    for names, number in (
        (("januari", "january"), 1),
        (("februari", "february"), 2),
        (("mars", "march"), 3),
        (("april",), 4),
        (("maj", "may"), 5),
        (("juni", "june"), 6),
        (("juli", "july"), 7),
        (("augusti", "august"), 8),
        (("september",), 9),
        (("oktober", "october"), 10),
        (("november",), 11),
        (("december",), 12),
    )
    for name in names
}
_YEAR_OFFSETS = {
    ("året", "efter"): 1,
    ("year", "after"): 1,
    ("året", "före"): -1,
    ("year", "before"): -1,
    ("samma", "år"): 0,
    ("same", "year"): 0,
}
_AGGREGATES = {
    "summa": ast.AggregateKind.SUM,
    "sum": ast.AggregateKind.SUM,
    "minsta": ast.AggregateKind.MIN,
    "min": ast.AggregateKind.MIN,
    "största": ast.AggregateKind.MAX,
    "max": ast.AggregateKind.MAX,
}
_COMPARISONS = {"≠": "!=", "≤": "<=", "≥": ">="}

# How the parser's terminals are named when we tell the user what we expected instead.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "RULE_ID": "a rule id such as `HAN-01`",
    "STRING": "a text in double quotes",
    "DATE": "a date such as `2025-05-31`",
    "NUMBER": "a number",
    "$END": "the end of the file",
}


@cache
def _grammar_text() -> str:
    return resources.files("compliance.syntax").joinpath("grammar.lark").read_text("utf-8")


@cache
def _parser() -> Lark:
    return load_cached_parser(_grammar_text(), _build_parser)


def _build_parser() -> Lark:
    return Lark(
        _grammar_text(),
        parser="lalr",
        lexer="contextual",
        start=["start", "expr"],
        propagate_positions=True,
        maybe_placeholders=True,
    )


@cache
def _english_aliases() -> frozenset[str]:
    """Keywords that are aliases of an earlier spelling; left out of "expected …" lists."""
    aliases: set[str] = set()
    for line in _grammar_text().splitlines():
        if line.startswith("_kw_"):
            words = re.findall(r'"([^"]+)"', line)
            aliases.update(words[1:])
    return frozenset(aliases)


@cache
def _keywords() -> frozenset[str]:
    return frozenset(re.findall(r'"([^\W\d]\w*)"', _grammar_text()))


# ---------------------------------------------------------------- entry points


def parse_rule_file(path: str | Path) -> ast.RuleFile:
    """Read and parse one rule file; raises `InputError` with every problem found."""
    shown = display_path(path)
    text = read_rule_text(Path(path), shown)
    return parse_rule_text(text, shown)


def read_rule_text(path: Path, shown: str) -> str:
    def fail(code: str, message: str, help: str | None = None) -> InputError:
        return InputError([Diagnostic(code, message, file=shown, help=help)])

    if not path.exists():
        raise fail("E110", f"rule file `{shown}` does not exist")
    if path.is_dir():
        raise fail("E110", f"`{shown}` is a directory, not a rule file")
    try:
        size = path.stat().st_size
        if size > MAX_RULE_FILE_BYTES:
            raise fail(
                "E111",
                f"rule file `{shown}` is {size:,} bytes; the limit is {MAX_RULE_FILE_BYTES:,}",
            )
        data = path.read_bytes()
    except OSError as error:
        raise fail("E110", f"cannot read rule file `{shown}`: {error.strerror}") from None
    if b"\x00" in data:
        raise fail("E111", f"`{shown}` is a binary file, not a rule file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise fail(
            "E111",
            f"`{shown}` is not UTF-8 text (invalid byte at line {line})",
            help="save the file as UTF-8",
        ) from None


def parse_rule_text(text: str, name: str) -> ast.RuleFile:
    """Parse rule-file text registered under `name`; raises `InputError` on any problem."""
    SOURCES.add(name, text)
    try:
        tree = _parser().parse(text, start="start")
    except UnexpectedInput as error:
        raise InputError([_syntax_diagnostic(error, name, text)]) from None
    except RecursionError:
        raise InputError(
            [Diagnostic("E112", "the rule file is nested too deeply to read", file=name)]
        ) from None
    builder = _AstBuilder(name)
    try:
        result = builder.transform(tree)
    except RecursionError:
        raise InputError(
            [Diagnostic("E112", "an expression is nested too deeply to read", file=name)]
        ) from None
    if builder.diagnostics:
        raise InputError(builder.diagnostics)
    assert isinstance(result, ast.RuleFile)
    return result


def parse_expression(text: str, name: str, line: int = 1, column: int = 1) -> ast.Expr:
    """Parse one expression, positioned as if it started at `line`:`column` of `name`."""
    try:
        tree = _parser().parse(text, start="expr")
    except UnexpectedInput as error:
        diagnostic = _syntax_diagnostic(error, name, text, line, column)
        if diagnostic.code == "E103":
            diagnostic = Diagnostic(
                "E108",
                f"the placeholder `{{{text}}}` is not a complete expression",
                diagnostic.span,
                help=diagnostic.help,
            )
        raise InputError([diagnostic]) from None
    builder = _AstBuilder(name, line, column)
    result = builder.transform(tree)
    if builder.diagnostics:
        raise InputError(builder.diagnostics)
    assert isinstance(result, ast.Expr)
    return result


# ---------------------------------------------------------------- syntax errors


def _shift(line: int, column: int, base_line: int, base_column: int) -> tuple[int, int]:
    """Positions inside an embedded expression, moved to where it sits in the file."""
    if line == 1:
        return base_line, base_column + column - 1
    return base_line + line - 1, column


def _expected_words(expected: set[str]) -> list[str]:
    parser = _parser()
    patterns = {t.name: t.pattern for t in parser.terminals}
    words: set[str] = set()
    for name in expected:
        if name in _TERMINAL_WORDS:
            words.add(_TERMINAL_WORDS[name])
            continue
        pattern = patterns.get(name)
        if pattern is not None and pattern.type == "str":
            value = str(pattern.value)
            if value not in _english_aliases():
                words.add(f"`{value}`")
        else:
            words.add(name.lower())
    return sorted(words)


def _syntax_diagnostic(
    error: UnexpectedInput, name: str, text: str, base_line: int = 1, base_column: int = 1
) -> Diagnostic:
    line, column = _shift(error.line or 1, error.column or 1, base_line, base_column)
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = text[position] if position < len(text) else ""
        if char == '"':
            return Diagnostic(
                "E102",
                "this text is never closed",
                Span.point(name, line, column),
                help='add the closing `"`',
            )
        return Diagnostic(
            "E102",
            f"unexpected character `{char}`",
            Span.point(name, line, column),
            help=_expected_help(set(error.allowed or ())),
        )
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        last_text = text.splitlines()[-1] if text.strip() else ""
        eof_line, eof_col = _shift(last_line, len(last_text) + 1, base_line, base_column)
        expected: set[str] = set(error.expected)
        missing_brace = "RBRACE" in expected
        return Diagnostic(
            "E103",
            "the file ends in the middle of a block"
            if missing_brace
            else "the file ends too early",
            Span.point(name, eof_line, eof_col),
            help="add the closing `}`" if missing_brace else _expected_help(expected),
        )
    assert isinstance(error, UnexpectedToken)
    token = error.token
    width = len(str(token)) or 1
    span = Span(name, line, column, line, column + width)
    expected = set(error.expected)
    value = str(token)
    help_text = _expected_help(expected)
    if token.type in ("NAME", "RULE_ID"):
        suggestion = difflib.get_close_matches(value, sorted(_keywords()), n=1, cutoff=0.75)
        if suggestion:
            help_text = f"did you mean `{suggestion[0]}`?"
        return Diagnostic("E101", f"unexpected word `{value}`", span, help=help_text)
    return Diagnostic("E101", f"unexpected `{value}`", span, help=help_text)


def _expected_help(expected: set[str]) -> str | None:
    words = _expected_words(expected)
    if not words:
        return None
    if len(words) > 10:
        words = [*words[:10], "…"]
    return "expected " + ", ".join(words)


# ---------------------------------------------------------------- trees to nodes


def _unescape(raw: str) -> str:
    """A quoted token's text: escapes resolved, wrapped lines joined, ends trimmed."""
    return _unescape_body(raw[1:-1]).strip()


def _unescape_body(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
            continue
        out.append(char)
        i += 1
    # A text may be wrapped over several lines in the rule file; it reads as one line.
    return re.sub(r"[ \t]*\n[ \t]*", " ", "".join(out))


_Clause = tuple[str, Any, Span]


@v_args(meta=True)
class _AstBuilder(Transformer[Token, Any]):
    """Builds `ast` nodes; problems that the grammar cannot express are collected."""

    def __init__(self, file: str, base_line: int = 1, base_column: int = 1) -> None:
        super().__init__()
        self.file = file
        self.base_line = base_line
        self.base_column = base_column
        self.diagnostics: list[Diagnostic] = []

    # -- positions

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span.point(self.file, self.base_line, self.base_column)
        line, column = _shift(meta.line, meta.column, self.base_line, self.base_column)
        end_line, end_column = _shift(
            meta.end_line, meta.end_column, self.base_line, self.base_column
        )
        return Span(self.file, line, column, end_line, end_column)

    def _token_span(self, token: Token) -> Span:
        line, column = _shift(token.line or 1, token.column or 1, self.base_line, self.base_column)
        end_line, end_column = _shift(
            token.end_line or 1, token.end_column or 1, self.base_line, self.base_column
        )
        return Span(self.file, line, column, end_line, end_column)

    def _error(self, code: str, message: str, span: Span, help: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, help=help))

    def _date(self, token: Token) -> date:
        try:
            return date.fromisoformat(str(token))
        except ValueError as error:
            self._error(
                "E104", f"`{token}` is not a date that exists ({error})", self._token_span(token)
            )
            return date(1, 1, 1)

    def _template(self, token: Token) -> ast.Template:
        return _template(token, self.file, self._token_span(token), self.diagnostics)

    # -- file structure

    def start(self, meta: Meta, children: list[Any]) -> ast.RuleFile:
        document = children[0]
        definitions = tuple(c for c in children[1:] if isinstance(c, ast.Definition))
        rules = tuple(c for c in children[1:] if isinstance(c, ast.Rule))
        return ast.RuleFile(self.file, document, definitions, rules)

    def document(self, meta: Meta, children: list[Any]) -> ast.Document:
        title = _unescape(children[0])
        clauses: dict[str, Any] = {}
        for kind, value, span in children[1:]:
            if kind in clauses:
                self._error("E105", f"the header says `{kind}` twice", span)
            clauses[kind] = value
        valid_from, valid_to = clauses.get("gäller", (None, None))
        return ast.Document(
            title=title,
            issuer=clauses.get("utfärdare"),
            adopted=clauses.get("antagen"),
            valid_from=valid_from,
            valid_to=valid_to,
            source=clauses.get("källa"),
            reference=clauses.get("diarienummer"),
            span=self._span(meta),
        )

    def doc_issuer(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("utfärdare", _unescape(children[0]), self._span(meta))

    def doc_adopted(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("antagen", self._date(children[0]), self._span(meta))

    def doc_source(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("källa", _unescape(children[0]), self._span(meta))

    def doc_reference(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("diarienummer", _unescape(children[0]), self._span(meta))

    def validity(self, meta: Meta, children: list[Token | None]) -> _Clause:
        start_token, end_token = children
        assert start_token is not None
        start = self._date(start_token)
        end = self._date(end_token) if end_token is not None else None
        span = self._span(meta)
        if end is not None and end < start:
            self._error("E104", f"the validity ends ({end}) before it starts ({start})", span)
        return ("gäller", (start, end), span)

    def definition(self, meta: Meta, children: list[Any]) -> ast.Definition:
        name, expr = children
        return ast.Definition(
            str(name), expr, span=self._span(meta), name_span=self._token_span(name)
        )

    def rule(self, meta: Meta, children: list[Any]) -> ast.Rule:
        rule_id, title_token, *clauses = children
        span = self._span(meta)
        seen: dict[str, Any] = {}
        definitions: list[ast.Definition] = []
        for clause in clauses:
            if isinstance(clause, ast.Definition):
                definitions.append(clause)
                continue
            kind, value, clause_span = clause
            if kind in seen:
                self._error(
                    "E105",
                    f"rule `{rule_id}` has more than one `{kind}` clause",
                    clause_span,
                    help="a rule has each clause at most once; combine the conditions with `och`",
                )
                continue
            seen[kind] = value
        for required in ("kräver", "allvarlighet"):
            if required not in seen:
                self._error(
                    "E106",
                    f"rule `{rule_id}` has no `{required}` clause",
                    self._token_span(rule_id),
                    help=_MISSING_HELP[required],
                )
        valid_from, valid_to = seen.get("gäller", (None, None))
        return ast.Rule(
            id=str(rule_id),
            title=_unescape(title_token),
            severity=seen.get("allvarlighet", Severity.MEDIUM),
            citation=seen.get("källa"),
            subject=seen.get("avser"),
            applicability=seen.get("tillämplig"),
            not_applicable_reason=seen.get("ej tillämplig"),
            valid_from=valid_from,
            valid_to=valid_to,
            deadline=seen.get("frist"),
            requirement=seen.get("kräver", ast.BoolLit(True, span=span)),
            finding=seen.get("avvikelse"),
            passed=seen.get("uppfyllt"),
            recommendation=seen.get("rekommendation"),
            definitions=tuple(definitions),
            span=span,
            id_span=self._token_span(rule_id),
        )

    def severity(self, meta: Meta, children: list[Severity]) -> _Clause:
        return ("allvarlighet", children[0], self._span(meta))

    def severity_level(self, meta: Meta, children: list[Token]) -> Severity:
        return _SEVERITIES[str(children[0])]

    def citation(self, meta: Meta, children: list[tuple[str, str, Span]]) -> _Clause:
        span = self._span(meta)
        fields: dict[str, str] = {}
        for kind, value, field_span in children:
            if kind in fields:
                self._error("E105", f"the source says `{kind}` twice", field_span)
            fields[kind] = value
        citation = ast.Citation(
            document=fields.get("dokument"),
            section=fields.get("avsnitt"),
            page=fields.get("sida"),
            quote=fields.get("citat"),
            url=fields.get("länk"),
            span=span,
        )
        return ("källa", citation, span)

    def _cite(self, kind: str, meta: Meta, token: Token) -> tuple[str, str, Span]:
        value = _unescape(token) if token.type == "STRING" else str(token)
        return (kind, value, self._span(meta))

    def cite_document(self, meta: Meta, children: list[Token]) -> tuple[str, str, Span]:
        return self._cite("dokument", meta, children[0])

    def cite_section(self, meta: Meta, children: list[Token]) -> tuple[str, str, Span]:
        return self._cite("avsnitt", meta, children[0])

    def cite_page(self, meta: Meta, children: list[Token]) -> tuple[str, str, Span]:
        return self._cite("sida", meta, children[0])

    def cite_quote(self, meta: Meta, children: list[Token]) -> tuple[str, str, Span]:
        return self._cite("citat", meta, children[0])

    def cite_url(self, meta: Meta, children: list[Token]) -> tuple[str, str, Span]:
        return self._cite("länk", meta, children[0])

    def subject(self, meta: Meta, children: list[Any]) -> _Clause:
        var, collection, where = children
        span = self._span(meta)
        clause = ast.SubjectClause(
            str(var), collection, where, span=span, var_span=self._token_span(var)
        )
        return ("avser", clause, span)

    def applicability(self, meta: Meta, children: list[ast.Expr]) -> _Clause:
        return ("tillämplig", children[0], self._span(meta))

    def not_applicable(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("ej tillämplig", self._template(children[0]), self._span(meta))

    def deadline(self, meta: Meta, children: list[ast.Expr]) -> _Clause:
        return ("frist", children[0], self._span(meta))

    def requirement(self, meta: Meta, children: list[ast.Expr]) -> _Clause:
        return ("kräver", children[0], self._span(meta))

    def finding(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("avvikelse", self._template(children[0]), self._span(meta))

    def passed(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("uppfyllt", self._template(children[0]), self._span(meta))

    def recommendation(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("rekommendation", self._template(children[0]), self._span(meta))

    # -- expressions

    def _quantifier(
        self, kind: ast.QuantifierKind, meta: Meta, children: list[Any]
    ) -> ast.Quantifier:
        var, collection, where, *body = children
        return ast.Quantifier(
            kind,
            str(var),
            collection,
            where,
            body[0] if body else None,
            span=self._span(meta),
            var_span=self._token_span(var),
        )

    def exists(self, meta: Meta, children: list[Any]) -> ast.Quantifier:
        return self._quantifier(ast.QuantifierKind.EXISTS, meta, children)

    def no_element(self, meta: Meta, children: list[Any]) -> ast.Quantifier:
        return self._quantifier(ast.QuantifierKind.NONE, meta, children)

    def forall(self, meta: Meta, children: list[Any]) -> ast.Quantifier:
        return self._quantifier(ast.QuantifierKind.FORALL, meta, children)

    def or_expr(self, meta: Meta, children: list[ast.Expr]) -> ast.Or:
        return ast.Or(tuple(children), span=self._span(meta))

    def and_expr(self, meta: Meta, children: list[ast.Expr]) -> ast.And:
        return ast.And(tuple(children), span=self._span(meta))

    def negation(self, meta: Meta, children: list[ast.Expr]) -> ast.Not:
        return ast.Not(children[0], span=self._span(meta))

    def compare(self, meta: Meta, children: list[Any]) -> ast.Compare:
        left, op, right = children
        return ast.Compare(op, left, right, span=self._span(meta))

    def comp_op(self, meta: Meta, children: list[Token]) -> str:
        op = str(children[0])
        return _COMPARISONS.get(op, op)

    def within(self, meta: Meta, children: list[ast.Expr]) -> ast.Within:
        return ast.Within(children[0], children[1], span=self._span(meta))

    def otherwise(self, meta: Meta, children: list[ast.Expr]) -> ast.Expr:
        # `a annars b annars c` reads as `a annars (b annars c)`.
        result = children[-1]
        for value in reversed(children[:-1]):
            result = ast.Otherwise(value, result, span=self._span(meta))
        return result

    def arithmetic(self, meta: Meta, children: list[Any]) -> ast.Arithmetic:
        left, op, right = children
        return ast.Arithmetic(op, left, right, span=self._span(meta))

    def add_op(self, meta: Meta, children: list[Token]) -> str:
        return str(children[0])

    mul_op = add_op

    def negative(self, meta: Meta, children: list[ast.Expr]) -> ast.Negative:
        return ast.Negative(children[0], span=self._span(meta))

    def attribute(self, meta: Meta, children: list[Any]) -> ast.Attribute:
        target, name = children
        return ast.Attribute(
            target, str(name), span=self._span(meta), name_span=self._token_span(name)
        )

    def number(self, meta: Meta, children: list[Token]) -> ast.NumberLit:
        return ast.NumberLit(float(children[0]), span=self._span(meta))

    def percent(self, meta: Meta, children: list[Token]) -> ast.NumberLit:
        return ast.NumberLit(float(children[0]) / 100, percent=True, span=self._span(meta))

    def duration(self, meta: Meta, children: list[Any]) -> ast.DurationLit:
        amount, unit = children
        span = self._span(meta)
        if "." in str(amount):
            self._error("E107", f"a duration is a whole number, not `{amount}`", span)
        return ast.DurationLit(int(float(amount)), unit, span=span)

    def unit(self, meta: Meta, children: list[Token]) -> ast.DurationUnit:
        return _UNITS[str(children[0])]

    def relative_date(self, meta: Meta, children: list[Any]) -> ast.RelativeDate:
        day_token, month, year_offset = children
        span = self._span(meta)
        day = int(float(day_token))
        # 2024 is a leap year, so 29 februari is accepted here and checked per year later.
        try:
            date(2024, month, day)
        except ValueError:
            self._error("E104", f"day {day_token} does not exist in that month", span)
        return ast.RelativeDate(day, month, 0 if year_offset is None else year_offset, span=span)

    def month(self, meta: Meta, children: list[Token]) -> int:
        return _MONTHS[str(children[0])]

    def year_ref(self, meta: Meta, children: list[Token]) -> int:
        return _YEAR_OFFSETS[(str(children[0]), str(children[1]))]

    def date(self, meta: Meta, children: list[Token]) -> ast.DateLit:
        return ast.DateLit(self._date(children[0]), span=self._span(meta))

    def text(self, meta: Meta, children: list[Token]) -> ast.TextLit:
        return ast.TextLit(_unescape(children[0]), span=self._span(meta))

    def true(self, meta: Meta, children: list[Token]) -> ast.BoolLit:
        return ast.BoolLit(True, span=self._span(meta))

    def false(self, meta: Meta, children: list[Token]) -> ast.BoolLit:
        return ast.BoolLit(False, span=self._span(meta))

    def name(self, meta: Meta, children: list[Token]) -> ast.Name:
        return ast.Name(str(children[0]), span=self._span(meta))

    def call(self, meta: Meta, children: list[Any]) -> ast.Call:
        name, *args = children
        return ast.Call(
            str(name),
            tuple(a for a in args if a is not None),
            span=self._span(meta),
            name_span=self._token_span(name),
        )

    def count_where(self, meta: Meta, children: list[Any]) -> ast.Aggregate:
        var, collection, where = children
        return ast.Aggregate(
            ast.AggregateKind.COUNT,
            str(var),
            collection,
            where,
            None,
            span=self._span(meta),
            var_span=self._token_span(var),
        )

    def count_of(self, meta: Meta, children: list[ast.Expr]) -> ast.Aggregate:
        return ast.Aggregate(
            ast.AggregateKind.COUNT,
            None,
            children[0],
            None,
            None,
            span=self._span(meta),
            var_span=None,
        )

    def aggregate(self, meta: Meta, children: list[Any]) -> ast.Aggregate:
        kind, value, var, collection, where = children
        return ast.Aggregate(
            kind,
            str(var),
            collection,
            where,
            value,
            span=self._span(meta),
            var_span=self._token_span(var),
        )

    def aggregate_kind(self, meta: Meta, children: list[Token]) -> ast.AggregateKind:
        return _AGGREGATES[str(children[0])]

    def __default__(self, data: Any, children: list[Any], meta: Meta) -> Any:
        raise AssertionError(f"grammar rule `{data}` has no AST builder")  # pragma: no cover


_MISSING_HELP = {
    "kräver": "say what must hold, e.g. `kräver finns g i tjänstegarantier där g.nämnd = n`",
    "allvarlighet": "add `allvarlighet låg`, `medel`, `hög` or `kritisk`",
}


# ---------------------------------------------------------------- templates


def _template(token: Token, file: str, span: Span, diagnostics: list[Diagnostic]) -> ast.Template:
    """Split a text into literal parts and `{expression}` placeholders, keeping positions."""
    raw = str(token)
    parts: list[str | ast.Placeholder] = []
    literal: list[str] = []
    line, column = span.line, span.column + 1  # after the opening quote
    i = 1
    end = len(raw) - 1

    def advance(text: str) -> None:
        nonlocal line, column
        for char in text:
            if char == "\n":
                line, column = line + 1, 1
            else:
                column += 1

    while i < end:
        char = raw[i]
        if char == "\\" and i + 1 < end:
            literal.append(raw[i : i + 2])
            advance(raw[i : i + 2])
            i += 2
        elif raw.startswith("{{", i) or raw.startswith("}}", i):
            literal.append(char)
            advance(raw[i : i + 2])
            i += 2
        elif char == "{":
            close = raw.find("}", i)
            if close == -1 or close >= end:
                diagnostics.append(
                    Diagnostic(
                        "E108",
                        "a `{` in this text is never closed",
                        Span.point(file, line, column),
                        help="write `{{` for a literal brace",
                    )
                )
                break
            if literal:
                parts.append(_unescape_body("".join(literal)))
                literal = []
            source = raw[i + 1 : close]
            start_line, start_column = line, column + 1
            if not source.strip():
                diagnostics.append(
                    Diagnostic("E108", "an empty `{}` in this text", Span.point(file, line, column))
                )
            else:
                try:
                    parts.append(
                        ast.Placeholder(parse_expression(source, file, start_line, start_column))
                    )
                except InputError as error:
                    diagnostics.extend(error.diagnostics)
            advance(raw[i : close + 1])
            i = close + 1
        elif char == "}":
            diagnostics.append(
                Diagnostic(
                    "E108",
                    "a `}` in this text has no opening `{`",
                    Span.point(file, line, column),
                    help="write `}}` for a literal brace",
                )
            )
            advance(char)
            i += 1
        else:
            literal.append(char)
            advance(char)
            i += 1
    if literal:
        parts.append(_unescape_body("".join(literal)))
    # Spaces between parts are kept as written; only the ends of the whole text are trimmed.
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return ast.Template(tuple(p for p in parts if p != ""), span=span)
