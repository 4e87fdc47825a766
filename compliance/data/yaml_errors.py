"""Translate PyYAML's syntax and reader errors into diagnostics an editor of the file can act on.

PyYAML describes a problem in terms of its tokens and parser states ("mapping values are not
allowed here"); each known case becomes one lower-case sentence with help, pointing at the
place to change. Anything not recognised is still reported, in PyYAML's words made readable.
"""

from __future__ import annotations

import yaml
from yaml.error import Mark
from yaml.reader import ReaderError

from compliance.data import codes
from compliance.data.yaml_positions import line_column, point
from compliance.diagnostics import Diagnostic, Span

# PyYAML's names for tokens, in words an editor of the file recognises.
_TOKENS: dict[str, str] = {
    "'<block end>'": "the end of the indented block",
    "<block end>": "the end of the indented block",
    "'<block mapping start>'": "a new key",
    "'<block sequence start>'": "a list item `-`",
    "'<scalar>'": "a value",
    "'<document start>'": "`---`",
    "'<document end>'": "`...`",
    "'<stream end>'": "the end of the file",
    "'<alias>'": "an alias `*`",
    "'<anchor>'": "an anchor `&`",
    "'<tag>'": "a tag `!`",
    "'?'": "a `?` key",
    "'-'": "a list item `-`",
    "':'": "`:`",
    "','": "`,`",
    "'['": "`[`",
    "']'": "`]`",
    "'{'": "`{`",
    "'}'": "`}`",
}


def _words(text: str) -> str:
    for token, words in _TOKENS.items():
        text = text.replace(token, words)
    return text


def syntax_diagnostic(error: yaml.MarkedYAMLError, file: str, text: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    code, message, help, mark = _explain(error, mark, text)
    span = point(file, mark) if mark is not None else None
    return Diagnostic(code, message, span, help, file=file)


def _char_at(text: str, mark: Mark | None) -> str:
    if mark is None or not 0 <= mark.index < len(text):
        return ""
    return text[mark.index]


def _explain(
    error: yaml.MarkedYAMLError, mark: Mark | None, text: str
) -> tuple[str, str, str | None, Mark | None]:
    """(code, message, help, where) for a PyYAML error, in one lower-case sentence."""
    problem = error.problem or ""
    context = error.context or ""
    if "'\\t'" in problem or _char_at(text, mark) == "\t":
        return (
            codes.TAB,
            "a tab character is used here; YAML indentation and separation must use spaces",
            "replace the tab with spaces",
            mark,
        )
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = _char_at(text, mark) or problem.split("'")[1]
        shown = "a backtick (`)" if char == "`" else f"`{char}`"
        return (
            codes.YAML_SYNTAX,
            f"a value cannot start with {shown}",
            f'put the value in quotes, e.g. `"{char}…"`',
            mark,
        )
    if problem == "mapping values are not allowed here":
        return (
            codes.YAML_SYNTAX,
            "unexpected `:` here",
            'a value containing `: ` must be put in quotes (`titel: "Plan: 2025"`); '
            "otherwise check that the line above has a `:` and the indentation is right",
            mark,
        )
    if problem == "could not find expected ':'":
        return (
            codes.YAML_SYNTAX,
            "expected `key: value`, but this line has no `:`",
            "add the `:`, or put a value that runs over several lines in quotes",
            error.context_mark or mark,
        )
    if problem.startswith(("expected <block end>, but found", "expected '<document start>'")):
        return (
            codes.YAML_SYNTAX,
            "the indentation of this line does not match the lines above it",
            "entries at the same level must start in the same column",
            mark,
        )
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return (
            codes.YAML_SYNTAX,
            "a quoted text starts here but its closing quote is missing",
            "add the closing quote",
            error.context_mark or mark,
        )
    if problem.startswith(("found unknown escape character", "expected escape sequence")):
        return (
            codes.YAML_SYNTAX,
            "a backslash `\\` in a double-quoted text starts an escape sequence, and this one "
            "is not valid",
            "write `\\\\` for a backslash, or use single quotes: `'C:\\Mappar'`",
            mark,
        )
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        closing = "]" if "]" in problem else "}"
        opened = error.context_mark.line + 1 if error.context_mark else "?"
        return (
            codes.YAML_SYNTAX,
            f"expected `,` or `{closing}` here: the `{'[' if closing == ']' else '{'}` "
            f"on line {opened} is not closed",
            None,
            mark,
        )
    if problem.startswith("found undefined alias"):
        name = problem.split("'")[1]
        return (
            codes.YAML_SYNTAX,
            f"the alias `*{name}` has no anchor `&{name}` before it",
            None,
            mark,
        )
    if context.startswith("found duplicate anchor"):
        name = context.split("'")[1]
        first = error.context_mark.line + 1 if error.context_mark else "?"
        return (
            codes.YAML_SYNTAX,
            f"the anchor `&{name}` is already defined on line {first}",
            "give each anchor a different name",
            mark,
        )
    if problem == "sequence entries are not allowed here":
        return (
            codes.YAML_SYNTAX,
            "a list item `-` is not allowed here",
            "start the list on the line after the key, indented under it",
            mark,
        )
    starter = _starter(error, context, text)
    if starter is not None:
        return starter
    if problem.startswith("expected the node content, but found"):
        found = _words(problem.rsplit("found ", 1)[1])
        return (
            codes.YAML_SYNTAX,
            f"expected a value here, found {found}",
            "put a value that starts with a punctuation character in quotes",
            mark,
        )
    sentence = _words(problem or context or "invalid YAML")
    if context and problem:
        sentence = f"{_words(context)}: {sentence}"
    return codes.YAML_SYNTAX, sentence[:1].lower() + sentence[1:], None, mark


# YAML gives these characters a meaning at the start of a value; as text they need quotes.
_STARTERS: dict[str, tuple[str, str]] = {
    "while scanning an anchor": ("&", "an anchor name"),
    "while scanning an alias": ("*", "an alias name"),
    "while scanning a block scalar": ("|` or `>", "a multi-line text"),
    "while scanning a directive": ("%", "a YAML directive"),
    "while scanning a tag": ("!", "a YAML tag"),
    "while parsing a tag": ("!", "a YAML tag"),
}


def _starter(
    error: yaml.MarkedYAMLError, context: str, text: str
) -> tuple[str, str, str | None, Mark | None] | None:
    """A value starting with `&`, `*`, `|`, `>`, `%` or `!` that YAML read as syntax."""
    if context not in _STARTERS:
        return None
    char, meaning = _STARTERS[context]
    return (
        codes.YAML_SYNTAX,
        f"`{char}` at the start of a value begins {meaning}, and what follows is not valid "
        "for that",
        "if this is meant as text, put the whole value in quotes",
        error.context_mark or error.problem_mark,
    )


def reader_diagnostic(error: ReaderError, file: str, text: str) -> Diagnostic:
    line, column = line_column(text[: max(int(error.position), 0)])
    char = error.character
    code_point = ord(char) if isinstance(char, str) else int(char)
    return Diagnostic(
        codes.YAML_SYNTAX,
        f"the control character U+{code_point:04X} is not allowed in a YAML file",
        Span.point(file, line, column),
        "remove it; such characters are often invisible, so retype the line",
        file=file,
    )
