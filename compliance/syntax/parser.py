"""Rule files to syntax trees. The only module that touches Lark's `Tree` and `Token`.

Everything after this module sees the typed nodes of `ast.py`; syntax errors leave as
diagnostics with file, line, column and an expectation written in the language's own words.
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from importlib import resources
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path
from compliance.syntax import ast
from compliance.syntax.parser_cache import load_cached_parser
from compliance.syntax.reading import read_rule_text as read_rule_text  # re-exported
from compliance.syntax.transformer import AstBuilder, shift_position

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


def parse_rule_text(text: str, name: str) -> ast.RuleFile:
    """Parse rule-file text registered under `name`; raises `InputError` on any problem."""
    SOURCES.add(name, text)
    try:
        tree = _parser().parse(text, start="start")
    except UnexpectedInput as error:
        raise InputError([_syntax_diagnostic(error, name, text)]) from None
    except RecursionError:
        raise InputError([_too_deep(name, None)]) from None
    builder = AstBuilder(name, parse_expression)
    try:
        result = _transform(builder, tree)
    except RecursionError:
        raise InputError([_too_deep(name, _deepest_clause(tree, name))]) from None
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
    builder = AstBuilder(name, parse_expression, line, column)
    try:
        result = _transform(builder, tree)
    except RecursionError:
        raise InputError([_too_deep(name, Span.point(name, line, column))]) from None
    if builder.diagnostics:
        raise InputError(builder.diagnostics)
    assert isinstance(result, ast.Expr)
    return result


def _transform(builder: AstBuilder, tree: Tree[Token]) -> object:
    """The builder's result; a stack overflow inside it leaves as `RecursionError`."""
    try:
        return builder.transform(tree)
    except VisitError as error:
        # Lark wraps what a callback raises; a placeholder parsed inside a text is one.
        if isinstance(error.orig_exc, RecursionError):
            raise error.orig_exc from None
        raise


# Expressions are built recursively, so one nested (or chained: `1 + 1 + …`) thousands of
# levels deep would exhaust Python's stack; it is refused with this diagnostic instead.
def _too_deep(name: str, span: Span | None) -> Diagnostic:
    return Diagnostic(
        "E112",
        "an expression is nested too deeply, or is too long, to read",
        span,
        help="split it into `låt` definitions",
        file=name,
    )


_CLAUSES = frozenset({"definition", "requirement", "applicability", "deadline", "subject"})


def _deepest_clause(tree: Tree[Token], name: str) -> Span | None:
    """Where the clause holding the most deeply nested expression starts (found iteratively)."""
    deepest: tuple[int, Span | None] = (-1, None)
    stack: list[tuple[Tree[Token], int, Span | None]] = [(tree, 0, None)]
    while stack:
        node, depth, clause = stack.pop()
        if node.data in _CLAUSES and not node.meta.empty:
            clause = Span.point(name, node.meta.line, node.meta.column)
        if depth > deepest[0]:
            deepest = (depth, clause)
        stack.extend((c, depth + 1, clause) for c in node.children if isinstance(c, Tree))
    return deepest[1]


# ---------------------------------------------------------------- syntax errors


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
    line, column = shift_position(error.line or 1, error.column or 1, base_line, base_column)
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
        eof_line, eof_col = shift_position(last_line, len(last_text) + 1, base_line, base_column)
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
