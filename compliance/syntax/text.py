"""Quoted texts in rule files: escapes, wrapped lines, and `{placeholder}` templates."""

from __future__ import annotations

import re
from collections.abc import Callable

from lark import Token

from compliance.diagnostics import Diagnostic, InputError, Span
from compliance.syntax import ast

# Parses one `{placeholder}` expression positioned at (line, column) of a file; supplied by
# the parser so that this module does not import it back.
ExpressionParser = Callable[[str, str, int, int], ast.Expr]


def unescape(raw: str) -> str:
    """A quoted token's text: escapes resolved, wrapped lines joined, ends trimmed."""
    return unescape_body(raw[1:-1]).strip()


def unescape_body(body: str) -> str:
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


def template(
    token: Token,
    file: str,
    span: Span,
    diagnostics: list[Diagnostic],
    parse_expression: ExpressionParser,
) -> ast.Template:
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
                parts.append(unescape_body("".join(literal)))
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
        parts.append(unescape_body("".join(literal)))
    # Spaces between parts are kept as written; only the ends of the whole text are trimmed.
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return ast.Template(tuple(p for p in parts if p != ""), span=span)
