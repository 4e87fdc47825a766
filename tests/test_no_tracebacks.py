"""Broken input gives diagnostics, never another exception: mutated rule and data files.

The real Haninge rule pack and fixture are mutated deterministically (deletions, insertions of
language tokens, duplicated and swapped lines, truncation). Every mutant must either load or
raise `InputError`; a rule mutant that still checks clean must also evaluate without error.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from compliance.checker.checker import check_program
from compliance.data.dataset import Dataset
from compliance.data.loader import load_dataset, load_dataset_text
from compliance.diagnostics import InputError, Level
from compliance.evaluator import evaluate
from compliance.periods import parse_period
from compliance.syntax.parser import parse_rule_text

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "policy_rules" / "haninge-verksamhetsstyrning.rules"
DATA = ROOT / "fixtures" / "haninge" / "organisation.yaml"
MUTANTS = 150
TOKENS = [
    "{",
    "}",
    "(",
    ")",
    '"',
    ":",
    ".",
    ",",
    "och",
    "eller",
    "inte",
    "finns",
    "för varje",
    "i",
    "där",
    "kräver",
    "frist",
    "krav",
    "låt",
    "=",
    "<=",
    "+",
    "-",
    "2025-02-30",
    "31 maj",
    "2 arbetsdagar",
    "%",
    "#",
    "\n",
    "\t",
    "- ",
    "{x: [",
    "&a",
    "*a",
    "!!python/object",
    "~",
    "ö",
    "9" * 30,
    "...",
    "---",
]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    choice = rng.randrange(6)
    if choice == 0 and text:
        start = rng.randrange(len(text))
        return text[:start] + text[start + rng.randint(1, 12) :]
    if choice == 1:
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(TOKENS) + text[at:]
    if choice == 2 and lines:
        i = rng.randrange(len(lines))
        return "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    if choice == 3 and len(lines) > 1:
        i, j = sorted(rng.sample(range(len(lines)), 2))
        lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines)
    if choice == 4:
        return text[: rng.randrange(len(text) + 1)]
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(TOKENS) + rng.choice(TOKENS) + text[at:]


@pytest.fixture(scope="module")
def haninge() -> Dataset:
    return load_dataset([DATA, DATA.with_name("synpunkter.yaml")])


def test_mutated_rule_files_never_raise_anything_but_input_errors(haninge: Dataset) -> None:
    rng = random.Random(20261122)
    original = RULES.read_text("utf-8")
    evaluated = 0
    for number in range(MUTANTS):
        mutant = mutate(original, rng)
        name = f"mutant-{number}.rules"
        try:
            program, diagnostics = check_program([parse_rule_text(mutant, name)])
        except InputError as error:
            assert error.diagnostics, name
            continue
        except Exception as error:  # pragma: no cover - this is the failure being tested for
            pytest.fail(f"{name} raised {error!r}\n---\n{mutant}")
        if any(d.level is Level.ERROR for d in diagnostics):
            continue
        evaluate(program, haninge, period=parse_period("2025"), as_of=parse_period("2026").end)
        evaluated += 1
    assert evaluated > 0, "no mutant survived to evaluation; the test would miss evaluator bugs"


def test_mutated_data_files_never_raise_anything_but_input_errors() -> None:
    rng = random.Random(7)
    original = DATA.read_text("utf-8")
    for number in range(MUTANTS):
        mutant = mutate(original, rng)
        name = f"mutant-{number}.yaml"
        try:
            load_dataset_text(mutant, name)
        except InputError as error:
            assert error.diagnostics, name
        except Exception as error:  # pragma: no cover - this is the failure being tested for
            pytest.fail(f"{name} raised {error!r}\n---\n{mutant}")
