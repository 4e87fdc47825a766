"""Rule-file text to a concrete syntax tree that keeps every token, and the comments between.

The formatter's one contact with Lark. `syntax/parser.py` builds its tree without keywords,
punctuation or comments, because nothing after it needs them; the formatter needs all three.
So it runs the same grammar with `keep_all_tokens` and turns the result into the small
`Node`/`Leaf` values below, and reads the comments out of the gaps between tokens: a gap can
hold only white space and comments (the grammar ignores nothing else), so every `#` in a gap
starts a comment that runs to the end of its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lark import Lark, Token, Tree

from compliance.syntax.parser_cache import load_cached_parser

# Appended to the grammar so that the parser cache, keyed by the grammar text, keeps this
# token-keeping parser apart from the parser of `syntax/parser.py`.
_CACHE_MARKER = "\n// formatter: keep_all_tokens\n"
_COMMENT = re.compile(r"#[^\n]*")


@dataclass(frozen=True)
class Leaf:
    """One token: its grammar terminal, its exact text, and where it sits in the file."""

    kind: str
    text: str
    start: int
    end: int
    index: int  # position in the file's token sequence


@dataclass(frozen=True)
class Node:
    """A grammar rule's match, named as in `grammar.lark` (`rule`, `and_expr`, `compare`…)."""

    kind: str
    children: tuple[Node | Leaf, ...]


@dataclass(frozen=True)
class Comment:
    """A `#` comment (trailing white space dropped) and the line breaks written before it."""

    text: str
    newlines_before: int


@dataclass(frozen=True)
class Gap:
    """What stands between two tokens besides spaces: comments, and the line breaks after them."""

    comments: tuple[Comment, ...]
    newlines_after: int


@dataclass(frozen=True)
class SourceTree:
    root: Node
    leaves: tuple[Leaf, ...]
    gaps: tuple[Gap, ...]  # gaps[i] stands before leaves[i]; the last one ends the file


def _node(tree: Tree[Token], leaves: list[Leaf]) -> Node:
    children: list[Node | Leaf] = []
    for child in tree.children:
        if isinstance(child, Tree):
            children.append(_node(child, leaves))
        else:
            start, end = child.start_pos or 0, child.end_pos or 0
            leaf = Leaf(child.type, str(child), start, end, len(leaves))
            leaves.append(leaf)
            children.append(leaf)
    return Node(str(tree.data), tuple(children))


def source_tree(text: str) -> SourceTree:
    """The concrete tree of a rule file that `syntax.parser` has already accepted."""
    tree = _parser().parse(text, start="start")
    leaves: list[Leaf] = []
    root = _node(tree, leaves)
    bounds = [0, *(position for leaf in leaves for position in (leaf.start, leaf.end)), len(text)]
    gaps = tuple(_gap(text[bounds[i] : bounds[i + 1]]) for i in range(0, len(bounds), 2))
    return SourceTree(root, tuple(leaves), gaps)


def comment_texts(text: str) -> list[str]:
    """Every comment of a parsed rule file, in order, as the formatter keeps it."""
    return [c.text for gap in source_tree(text).gaps for c in gap.comments]


def _gap(text: str) -> Gap:
    comments: list[Comment] = []
    position = 0
    for match in _COMMENT.finditer(text):
        newlines = text.count("\n", position, match.start())
        comments.append(Comment(match.group().rstrip(), newlines))
        position = match.end()
    return Gap(tuple(comments), text.count("\n", position))


@cache
def _parser() -> Lark:
    grammar = (
        resources.files("compliance.syntax").joinpath("grammar.lark").read_text("utf-8")
        + _CACHE_MARKER
    )

    def build() -> Lark:
        return Lark(
            grammar,
            parser="lalr",
            lexer="contextual",
            start="start",
            keep_all_tokens=True,
            maybe_placeholders=False,
        )

    return load_cached_parser(grammar, build)
