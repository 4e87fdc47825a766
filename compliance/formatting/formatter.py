"""Format rule-file text, and prove the result means what the original meant.

`format_text` is the pure layout. `format_source` is what the command uses: it refuses text
that does not parse (with the parser's own diagnostics), and before it hands a result back it
parses that result and compares the syntax tree and the comments with the original's. A
difference is a bug in the formatter, so it stops the run as an internal error rather than
write a file that says something else.
"""

from __future__ import annotations

from compliance.diagnostics import SOURCES, Diagnostic, InputError
from compliance.formatting.layout import render
from compliance.formatting.printer import Printer
from compliance.syntax.concrete import comment_texts, source_tree
from compliance.syntax.parser import parse_rule_text

WIDTH = 100  # the line width the layout aims for; a longer token or text is not broken


class FormatterError(RuntimeError):
    """The formatter produced text that does not mean what the original meant: a bug."""


def format_text(text: str) -> str:
    """The canonical layout of rule-file text that parses, in the text's own line endings."""
    source = source_tree(text)
    return render(Printer(source).file(), WIDTH, _line_ending(text))


def format_source(text: str, name: str) -> str:
    """`format_text`, for text that must parse (else `InputError`) and must keep its meaning."""
    original = parse_rule_text(text, name)
    try:
        formatted = format_text(text)
    except RecursionError:
        # The layout is built recursively, a little deeper than the parser reads.
        raise InputError(
            [
                Diagnostic(
                    "E112",
                    "an expression is nested too deeply, or is too long, to format",
                    file=name,
                    help="split it into `låt` definitions",
                )
            ]
        ) from None
    if formatted == text:
        return formatted
    try:
        again = parse_rule_text(formatted, name)
    except InputError as error:
        raise FormatterError(f"formatting {name} gave text that does not parse: {error}") from None
    finally:
        SOURCES.add(name, text)  # diagnostics quote the file as it is on disk
    if again != original:
        raise FormatterError(f"formatting {name} would change the rules it contains")
    if comment_texts(formatted) != comment_texts(text):
        raise FormatterError(f"formatting {name} would lose or change a comment")
    return formatted


def _line_ending(text: str) -> str:
    """The file's line ending, judged by its first line: `\\r\\n` or `\\n`."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
