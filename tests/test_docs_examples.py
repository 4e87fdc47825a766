"""Every rule example in docs/language.md parses and passes the checker: the docs cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compliance.checker.checker import check_program
from compliance.diagnostics import Level, render_diagnostic
from compliance.syntax.parser import parse_rule_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "language.md"
EXAMPLES = re.findall(r"```rules\n(.*?)```", DOC.read_text("utf-8"), re.S)


def test_the_reference_has_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_example_is_valid(number: int) -> None:
    name = f"docs/language.md#example-{number + 1}"
    _, diagnostics = check_program([parse_rule_text(EXAMPLES[number], name)])
    errors = [render_diagnostic(d) for d in diagnostics if d.level is Level.ERROR]
    assert not errors, "\n".join(errors)


def test_readme_rule_example_is_valid() -> None:
    readme = (DOC.parent.parent / "README.md").read_text("utf-8")
    (example,) = re.findall(r"## A rule / En regel\n\n```\n(.*?)```", readme, re.S)
    text = 'styrdokument "README" { }\n' + example
    _, diagnostics = check_program([parse_rule_text(text, "README.md#rule")])
    errors = [render_diagnostic(d) for d in diagnostics if d.level is Level.ERROR]
    assert not errors, "\n".join(errors)
