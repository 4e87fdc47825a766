"""The canonical layout of a rule file, as a `layout.Doc` built from its concrete tree.

Every token of the file is printed exactly as written (keywords keep their Swedish or English
spelling, quoted texts keep every character, line break and space); only the white space
between tokens is decided here. docs/fmt.md describes the layout in words.

Comments are attached to tokens. A comment on the same line as the token before it is that
token's *trailing* comment; every other comment *leads* the token after it. A trailing comment
is printed after the largest construct that ends with its token (`x = 1  # …` stays one line),
and leading comments of a clause's or item's first token are printed above the whole clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from compliance.formatting.layout import (
    BLANK,
    HARD,
    LINE,
    SPACE,
    Doc,
    Nest,
    Suffix,
    Text,
    group,
)
from compliance.syntax.concrete import Comment, Leaf, Node, SourceTree

INDENT = 2  # a block's clauses, and broken lines inside parentheses
CONTINUATION = 4  # the broken lines of a clause's expression
TRAILING_GAP = "  "  # between code and a comment on the same line

_OPENING = frozenset({"{", "("})
_CLOSING = frozenset({"}", ")"})
_FOR = frozenset({"för", "for"})
_QUANTIFIERS = frozenset({"exists", "no_element", "forall"})
# Nodes printed as their parts separated by single spaces, never broken between them. `annars`
# is among them: it binds tightly, like `??`, and a break inside its operands reads better.
_WORDS = frozenset(
    {
        "doc_issuer",
        "doc_adopted",
        "doc_source",
        "doc_reference",
        "validity",
        "severity",
        "severity_level",
        "cite_document",
        "cite_section",
        "cite_page",
        "cite_quote",
        "cite_url",
        "not_applicable",
        "finding",
        "passed",
        "recommendation",
        "number",
        "percent",
        "duration",
        "relative_date",
        "otherwise",
        "date",
        "text",
        "true",
        "false",
        "name",
        "comp_op",
        "add_op",
        "mul_op",
        "unit",
        "month",
        "year_ref",
        "aggregate_kind",
    }
)
# Clauses whose expression is indented by CONTINUATION when it breaks.
_EXPRESSION_CLAUSES = frozenset(
    {"definition", "subject", "applicability", "deadline", "requirement"}
)
_BLOCKS = frozenset({"document", "rule", "citation"})


class Printer:
    """Builds the document of one file; each token and comment is used exactly once."""

    def __init__(self, source: SourceTree) -> None:
        self.source = source
        # Tokens whose trailing comment an enclosing construct prints after itself.
        self.claimed: set[int] = set()
        # Tokens whose leading comments are already printed above an enclosing construct.
        self.hoisted: set[int] = set()

    # ---------------------------------------------------------------- the file and its items

    def file(self) -> Doc:
        root = self.source.root
        parts: list[Doc] = []
        for number, item in enumerate(root.children):
            if number:
                parts.append(BLANK)
            assert isinstance(item, Node), item
            parts.append(self.statement(item))
        for comment in self.source.gaps[-1].comments[self._trailing_count(-1) :]:
            parts += [BLANK if comment.newlines_before >= 2 else HARD, Text(comment.text)]
        return tuple(parts)

    def statement(self, node: Node) -> Doc:
        """An item of the file or a clause of a block: its comments above it, then itself."""
        above = self._hoist(_first_leaf(node))
        if node.kind in _BLOCKS:
            return self._with_trailing(node, lambda: (above, self.block(node)))
        if node.kind in _EXPRESSION_CLAUSES:
            return self._with_trailing(
                node, lambda: (above, Nest(CONTINUATION, self.words(node.children)))
            )
        if node.kind in _WORDS:
            return self._with_trailing(node, lambda: (above, self.words(node.children)))
        raise AssertionError(f"not a clause: {node.kind}")

    def block(self, node: Node) -> Doc:
        """`head {`, one clause per line indented, `}` on its own line."""
        children = node.children
        opening = _index_of(children, "{")
        closing = children[-1]
        assert isinstance(closing, Leaf) and closing.text == "}", closing
        clauses = children[opening + 1 : -1]
        head = (self.words(children[:opening]), SPACE, self.item(children[opening]))
        inside = self._hoist(closing)
        if not clauses and not inside:
            return (head, self.token(closing))
        body: list[Doc] = []
        for clause in clauses:
            assert isinstance(clause, Node), clause
            body += [HARD, self.statement(clause)]
        return (head, Nest(INDENT, (*body, inside)), HARD, self.token(closing))

    # ---------------------------------------------------------------- expressions

    def expression(self, node: Node) -> Doc:
        above = self._hoist(_first_leaf(node))
        return (above, self._with_trailing(node, lambda: self._expression(node)))

    def _expression(self, node: Node) -> Doc:
        children = node.children
        match node.kind:
            case "or_expr" | "and_expr":
                parts: list[Doc] = [self._operand(children[0], node.kind)]
                for operator, operand in zip(children[1::2], children[2::2], strict=True):
                    parts += [LINE, self.item(operator), SPACE, self._operand(operand, node.kind)]
                return group(*parts)
            case "compare" | "within" | "arithmetic":
                left, operator, right = children
                return self._binary(left, (operator,), right)
            case "negation":
                keyword, operand = children
                return (self.item(keyword), SPACE, self.item(operand))
            case "negative" | "attribute" | "count_of":
                return self.tight(children)
            case "atom":  # ( expr )
                opening, inner, closing = children
                return (self.item(opening), Nest(INDENT, self.item(inner)), self.item(closing))
            case "call":
                return self._call(children)
            case "count_where":
                return (
                    self.tight(children[:2]),
                    self.words(children[2:-1]),
                    self.item(children[-1]),
                )
            case "aggregate":
                return self._aggregate(children)
            case "exists" | "no_element":
                return self.words(children)
            case "forall":
                colon = _index_of(children, ":")
                body = children[colon + 1]
                body_doc = self.item(body)
                if isinstance(body, Node) and _ends_in_quantifier(body):
                    body_doc = Nest(INDENT, body_doc)
                # The body goes deeper than the condition's broken lines, which it is not part of.
                return group(
                    self.words(children[:colon]),
                    self.item(children[colon]),
                    Nest(INDENT, (LINE, body_doc)),
                )
            case kind if kind in _WORDS:
                return self.words(children)
            case kind:
                raise AssertionError(f"no layout for `{kind}`")

    def _operand(self, operand: Node | Leaf, chain: str) -> Doc:
        doc = self.item(operand)
        # Where a line break would make a nested construct read as one more operand of the
        # chain, its own breaks go deeper: `och` inside `eller`, and a quantifier's `där`,
        # which runs to the end of the chain.
        if isinstance(operand, Node) and (
            (chain == "or_expr" and operand.kind == "and_expr") or _ends_in_quantifier(operand)
        ):
            return Nest(INDENT, doc)
        return doc

    def _binary(
        self, left: Node | Leaf, operator: Sequence[Node | Leaf], right: Node | Leaf
    ) -> Doc:
        return group(
            self.item(left),
            Nest(INDENT, (LINE, self.words(operator), SPACE, self.item(right))),
        )

    def _call(self, children: Sequence[Node | Leaf]) -> Doc:
        # name ( arg , arg … )
        parts: list[Doc] = [self.item(children[0]), self.item(children[1])]
        for child in children[2:-1]:
            if isinstance(child, Leaf) and child.text == ",":
                parts += [self.item(child), LINE]
            else:
                parts.append(self.item(child))
        parts.append(self.item(children[-1]))
        return group(*parts)

    def _aggregate(self, children: Sequence[Node | Leaf]) -> Doc:
        # kind ( value för x i collection [där condition] )
        keyword = next(i for i, c in enumerate(children) if isinstance(c, Leaf) and c.text in _FOR)
        return group(
            self.tight(children[:2]),
            self.words(children[2:keyword]),
            Nest(INDENT, (LINE, self.words(children[keyword:-1]))),
            self.item(children[-1]),
        )

    # ---------------------------------------------------------------- tokens and comments

    def item(self, child: Node | Leaf) -> Doc:
        return self.token(child) if isinstance(child, Leaf) else self.expression(child)

    def words(self, children: Sequence[Node | Leaf]) -> Doc:
        parts: list[Doc] = []
        for child in children:
            if parts:
                parts.append(SPACE)
            parts.append(self.item(child))
        return tuple(parts)

    def tight(self, children: Sequence[Node | Leaf]) -> Doc:
        return tuple(self.item(child) for child in children)

    def token(self, leaf: Leaf) -> Doc:
        above = self._hoist(leaf)
        after = () if leaf.index in self.claimed else self._trailing(leaf)
        return (above, Text(leaf.text), after)

    def _with_trailing(self, node: Node, build: Callable[[], Doc]) -> Doc:
        last = _last_leaf(node)
        if last.index in self.claimed:
            return build()
        self.claimed.add(last.index)
        return (build(), self._trailing(last))

    def _trailing(self, leaf: Leaf) -> Doc:
        if not self._trailing_count(leaf.index + 1):
            return ()
        comment = self.source.gaps[leaf.index + 1].comments[0]
        return (Suffix(TRAILING_GAP + comment.text), HARD)

    def _trailing_count(self, gap_index: int) -> int:
        """1 when the gap opens with a comment on the line of the token before it, else 0."""
        gaps = self.source.gaps
        position = gap_index % len(gaps)
        comments = gaps[position].comments
        return int(position > 0 and bool(comments) and comments[0].newlines_before == 0)

    def _hoist(self, leaf: Leaf) -> Doc:
        """The comments on the lines above `leaf`, once; a blank line kept where written."""
        if leaf.index in self.hoisted:
            return ()
        self.hoisted.add(leaf.index)
        gap = self.source.gaps[leaf.index]
        comments: Sequence[Comment] = gap.comments[self._trailing_count(leaf.index) :]
        if not comments:
            return ()
        previous = self.source.leaves[leaf.index - 1].text if leaf.index else "{"
        parts: list[Doc] = []
        for number, comment in enumerate(comments):
            blank = comment.newlines_before >= 2 and not (number == 0 and previous in _OPENING)
            parts += [BLANK if blank else HARD, Text(comment.text)]
        parts.append(BLANK if gap.newlines_after >= 2 and leaf.text not in _CLOSING else HARD)
        return tuple(parts)


def _ends_in_quantifier(node: Node) -> bool:
    if node.kind in _QUANTIFIERS:
        return True
    if node.kind == "negation":
        operand = node.children[-1]
        return isinstance(operand, Node) and _ends_in_quantifier(operand)
    return False


def _index_of(children: Sequence[Node | Leaf], text: str) -> int:
    return next(i for i, c in enumerate(children) if isinstance(c, Leaf) and c.text == text)


def _first_leaf(node: Node | Leaf) -> Leaf:
    while isinstance(node, Node):
        node = node.children[0]
    return node


def _last_leaf(node: Node | Leaf) -> Leaf:
    while isinstance(node, Node):
        node = node.children[-1]
    return node
