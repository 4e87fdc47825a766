"""Lark trees to syntax nodes: the second half of reading a rule file.

`parser.py` runs Lark and words its syntax errors; this module turns the resulting tree into
the frozen nodes of `ast.py`, resolving keyword aliases, and collects the problems the grammar
cannot express (impossible dates, repeated or missing clauses, broken `{placeholders}`).
Together the two are the only modules that see Lark's `Tree` and `Token`.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from lark import Token, Transformer, v_args
from lark.tree import Meta

from compliance.diagnostics import Diagnostic, Span
from compliance.findings import Severity
from compliance.syntax import ast
from compliance.syntax.keywords import (
    AGGREGATES,
    COMPARISONS,
    MONTHS,
    SEVERITIES,
    UNITS,
    YEAR_OFFSETS,
)
from compliance.syntax.limits import MAX_DURATION
from compliance.syntax.text import ExpressionParser, template, unescape


def shift_position(line: int, column: int, base_line: int, base_column: int) -> tuple[int, int]:
    """Positions inside an embedded expression, moved to where it sits in the file."""
    if line == 1:
        return base_line, base_column + column - 1
    return base_line + line - 1, column


_Clause = tuple[str, Any, Span]


@v_args(meta=True)
class AstBuilder(Transformer[Token, Any]):
    """Builds `ast` nodes; problems that the grammar cannot express are collected."""

    def __init__(
        self,
        file: str,
        parse_expression: ExpressionParser,
        base_line: int = 1,
        base_column: int = 1,
    ) -> None:
        super().__init__()
        self.file = file
        self.parse_expression = parse_expression
        self.base_line = base_line
        self.base_column = base_column
        self.diagnostics: list[Diagnostic] = []

    # -- positions

    def _span(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span.point(self.file, self.base_line, self.base_column)
        line, column = shift_position(meta.line, meta.column, self.base_line, self.base_column)
        end_line, end_column = shift_position(
            meta.end_line, meta.end_column, self.base_line, self.base_column
        )
        return Span(self.file, line, column, end_line, end_column)

    def _token_span(self, token: Token) -> Span:
        line, column = shift_position(
            token.line or 1, token.column or 1, self.base_line, self.base_column
        )
        end_line, end_column = shift_position(
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
        return template(
            token, self.file, self._token_span(token), self.diagnostics, self.parse_expression
        )

    # -- file structure

    def start(self, meta: Meta, children: list[Any]) -> ast.RuleFile:
        document = children[0]
        definitions = tuple(c for c in children[1:] if isinstance(c, ast.Definition))
        rules = tuple(c for c in children[1:] if isinstance(c, ast.Rule))
        return ast.RuleFile(self.file, document, definitions, rules)

    def document(self, meta: Meta, children: list[Any]) -> ast.Document:
        title = unescape(children[0])
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
        return ("utfärdare", unescape(children[0]), self._span(meta))

    def doc_adopted(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("antagen", self._date(children[0]), self._span(meta))

    def doc_source(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("källa", unescape(children[0]), self._span(meta))

    def doc_reference(self, meta: Meta, children: list[Token]) -> _Clause:
        return ("diarienummer", unescape(children[0]), self._span(meta))

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
            title=unescape(title_token),
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
        return SEVERITIES[str(children[0])]

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
        value = unescape(token) if token.type == "STRING" else str(token)
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
        return COMPARISONS.get(op, op)

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
        written = str(amount)
        if "." in written:
            self._error("E107", f"a duration is a whole number, not `{written}`", span)
            return ast.DurationLit(0, unit, span=span)
        limit = MAX_DURATION[unit]
        # Compared as text first: a thousand-digit number must not become a huge int.
        if len(written.lstrip("0")) > len(str(limit)) or int(written) > limit:
            self._error(
                "E107",
                f"the duration `{written}` is longer than the limit of {limit:,} for this unit",
                span,
                help="durations in rules are at most about a century; is there a digit too many?",
            )
            return ast.DurationLit(0, unit, span=span)
        return ast.DurationLit(int(written), unit, span=span)

    def unit(self, meta: Meta, children: list[Token]) -> ast.DurationUnit:
        return UNITS[str(children[0])]

    def relative_date(self, meta: Meta, children: list[Any]) -> ast.RelativeDate:
        day_token, month, year_offset = children
        span = self._span(meta)
        written = str(day_token)
        # A day is one or two digits; anything else (`3.5 maj`, `0031 maj`, a hundred digits)
        # is refused before it is turned into a number.
        day = int(written) if written.isdigit() and len(written) <= 2 else 0
        # 2024 is a leap year, so 29 februari is accepted here and checked per year later.
        if not 1 <= day <= calendar.monthrange(2024, month)[1]:
            self._error("E104", f"day {written} does not exist in that month", span)
            day = 1
        return ast.RelativeDate(day, month, 0 if year_offset is None else year_offset, span=span)

    def month(self, meta: Meta, children: list[Token]) -> int:
        return MONTHS[str(children[0])]

    def year_ref(self, meta: Meta, children: list[Token]) -> int:
        return YEAR_OFFSETS[(str(children[0]), str(children[1]))]

    def date(self, meta: Meta, children: list[Token]) -> ast.DateLit:
        return ast.DateLit(self._date(children[0]), span=self._span(meta))

    def text(self, meta: Meta, children: list[Token]) -> ast.TextLit:
        return ast.TextLit(unescape(children[0]), span=self._span(meta))

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
        return AGGREGATES[str(children[0])]

    def __default__(self, data: Any, children: list[Any], meta: Meta) -> Any:
        raise AssertionError(f"grammar rule `{data}` has no AST builder")  # pragma: no cover


_MISSING_HELP = {
    "kräver": "say what must hold, e.g. `kräver finns g i tjänstegarantier där g.nämnd = n`",
    "allvarlighet": "add `allvarlighet låg`, `medel`, `hög` or `kritisk`",
}
