"""Which test files a run covers: the files named, and every `*.test.yaml` under a directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance.diagnostics import Diagnostic, InputError, display_path

TEST_SUFFIX = ".test.yaml"
RULE_SUFFIX = ".rules"
# Used when neither the command line nor the project config names any rules.
DEFAULT_DIRECTORY = Path("policy_rules")
# "No test files found" is a missing input, as "no rule files found" is for `check`.
NOTHING_FOUND = "E403"


@dataclass(frozen=True)
class Selection:
    test_files: tuple[Path, ...]
    # The rule files under the directories searched: a rule file no test loads is untested,
    # and the coverage report says so.
    rule_files: tuple[Path, ...]


def default_paths(config_rules: Sequence[Path]) -> list[Path]:
    """What to test when no path is given: the project's rule directories and rule files.

    A rule file in the config is tested by the `<stem>.test.yaml` beside it.
    """
    if not config_rules:
        return [DEFAULT_DIRECTORY]
    return [test_file_for(path) if path.suffix == RULE_SUFFIX else path for path in config_rules]


def test_file_for(rule_file: Path) -> Path:
    return rule_file.with_name(rule_file.name.removesuffix(RULE_SUFFIX) + TEST_SUFFIX)


def rule_file_for(test_file: Path) -> Path | None:
    """The default rule file of a test file: `x.test.yaml` → `x.rules`."""
    if not test_file.name.endswith(TEST_SUFFIX):
        return None
    return test_file.with_name(test_file.name.removesuffix(TEST_SUFFIX) + RULE_SUFFIX)


def select(paths: Sequence[Path]) -> Selection:
    """The test files named by `paths`, each once, in the order given (directories sorted)."""
    problems: list[Diagnostic] = []
    tests: list[Path] = []
    rules: list[Path] = []
    for path in paths:
        shown = display_path(path)
        if path.is_dir():
            found = sorted(path.rglob(f"*{TEST_SUFFIX}"))
            if not found:
                problems.append(
                    Diagnostic(
                        NOTHING_FOUND,
                        f"no test files (*{TEST_SUFFIX}) found in `{shown}`",
                        help="a rule pack `x.rules` has its tests in `x.test.yaml` beside it",
                        file=shown,
                    )
                )
            tests.extend(found)
            rules.extend(sorted(path.rglob(f"*{RULE_SUFFIX}")))
        elif path.is_file():
            tests.append(path)
        else:
            rule_file = rule_file_for(path)
            help = f"name test files (*{TEST_SUFFIX}) or directories that contain them"
            if rule_file is not None and rule_file.is_file():
                help = (
                    f"write the tests of `{display_path(rule_file)}` in `{shown}` "
                    "(see docs/rule-tests.md)"
                )
            problems.append(
                Diagnostic(NOTHING_FOUND, f"`{shown}` does not exist", help=help, file=shown)
            )
    if problems:
        raise InputError(problems)
    return Selection(_unique(tests), _unique(rules))


def _unique(paths: list[Path]) -> tuple[Path, ...]:
    seen: set[Path] = set()
    kept: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            kept.append(path)
    return tuple(kept)
