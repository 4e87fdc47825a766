"""libyaml's parser gives the same node graph as the pure-Python one, and the same errors.

Data files are composed from libyaml's events when PyYAML has it; every problem is found again
by the pure-Python parser, whose messages the error tests pin. Each comparison below composes
the same text both ways and requires the same nodes (kind, tag, value, start and end marks) or
the same diagnostics.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import Node

from compliance.data import yaml_composer
from compliance.data.limits import DEFAULT_LIMITS, Limits
from compliance.diagnostics import Diagnostic, InputError

REPOSITORY = Path(__file__).resolve().parent.parent
FILES = sorted(
    path
    for folder in ("fixtures", "tests")
    for pattern in ("*.yaml", "*.yml")
    for path in (REPOSITORY / folder).rglob(pattern)
)

Outcome = tuple[str, object]


def shape(node: Node | None) -> object:
    if node is None:
        return None
    marks = tuple((mark.line, mark.column, mark.index) for mark in (node.start_mark, node.end_mark))
    if isinstance(node, yaml_composer.AliasNode):
        return ("alias", marks, shape(node.target))
    if isinstance(node.value, list):
        children = [
            (shape(item[0]), shape(item[1])) if isinstance(item, tuple) else shape(item)
            for item in node.value
        ]
        return (type(node).__name__, node.tag, marks, children)
    return (type(node).__name__, node.tag, marks, node.value)


def composed(text: str, fast: bool, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    saved = yaml_composer._FAST_LOADER
    if not fast:
        yaml_composer._FAST_LOADER = None
    try:
        return ("nodes", shape(yaml_composer.compose(text, "data.yaml", limits)))
    except InputError as error:
        return ("diagnostics", [_fields(d) for d in error.diagnostics])
    finally:
        yaml_composer._FAST_LOADER = saved


def _fields(diagnostic: Diagnostic) -> tuple[object, ...]:
    return (diagnostic.code, diagnostic.message, diagnostic.span, diagnostic.help)


def test_this_pyyaml_has_libyaml_so_the_fast_path_is_tested() -> None:
    assert yaml.__with_libyaml__
    assert yaml_composer._FAST_LOADER is not None


def test_the_bundled_example_takes_the_fast_path() -> None:
    for name in ("organisation.yaml", "synpunkter.yaml"):
        text = (REPOSITORY / "fixtures" / "haninge" / name).read_text(encoding="utf-8")
        assert yaml_composer._fast_path_agrees(text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPOSITORY).as_posix())
def test_every_yaml_file_in_the_repository_composes_alike(path: Path) -> None:
    # A file that is not UTF-8 is refused before it is composed; it is read as Latin-1 here,
    # which still compares the two parsers on its text.
    data = path.read_bytes()
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    assert composed(text, fast=True) == composed(text, fast=False)


SAMPLES = [
    "a: 1\n",
    "a: [1, 2\n",
    "a:\n\t- 1\n",
    "a: &x 1\nb: *x\nc: *y\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.3\n---\na: 1\n",
    "a: 'å\nb: 2\n",
    'a: "\\q"\n',
    "a: 1\na: 2\n",
    "- - - - - - 1\n",
    "a: b: c\n",
    "? [a, b]\n: 1\n",
    "namn: Ö\u2028ster\n",
    "a: \x07\n",
    "",
    "# only a comment\n",
    "1:",
    "!\n",
    "a: !!str 1\n",
    "a\ufeff\n",
    "|#\n",
    "a: >x\n",
    "1\t\n",
    "{b'?- }\n",
    "[b:\x85]\n",
    "[1\n- \r?a]\n",
    "a: 1\r\nb: [2, 3]\r\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_awkward_texts_compose_alike(text: str) -> None:
    assert composed(text, fast=True) == composed(text, fast=False)


def test_limits_are_enforced_alike() -> None:
    small = Limits(max_depth=2, max_aliases=1, max_nodes=5)
    for text in ("a: [[[1]]]\n", "a: &x 1\nb: *x\nc: *x\n", "a: [1, 2, 3, 4, 5, 6]\n"):
        fast = composed(text, fast=True, limits=small)
        assert fast == composed(text, fast=False, limits=small)
        assert fast[0] == "diagnostics"


PIECES = [*"ab1 :-?,[]{}#&*!|>'\"\n\t\r%@`.\\å~", "\u2028", "\x85", "\ufeff", "---", "..."]
PIECES += ["\n  ", "- ", ": ", "\n- ", "|\n", ">\n", "%YAML 1.1\n", "!!str ", "&a ", "*a", "\r\n"]
YAMLISH = st.builds(
    lambda pieces, end: "".join(pieces) + end,
    st.lists(st.sampled_from(PIECES), max_size=25),
    st.sampled_from(["\n", "\r\n", ""]),
)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_generated_texts_compose_alike(text: str) -> None:
    assert composed(text, fast=True) == composed(text, fast=False)
