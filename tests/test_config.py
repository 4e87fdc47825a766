"""Project configuration: where it is found, what it may say, how flags override it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from compliance.config import Config, find_config, load_config, read_config
from compliance.diagnostics import InputError, render_diagnostic


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """Every diagnostic for the config at `path`, rendered as the user sees it."""
    with pytest.raises(InputError) as caught:
        read_config(path)
    assert all(d.code == "E401" for d in caught.value.diagnostics)
    return [render_diagnostic(d) for d in caught.value.diagnostics]


# ---------------------------------------------------------------- discovery


def test_compliance_toml_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    config = write(tmp_path / "compliance.toml", 'period = "2025"\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_config(tmp_path / "a" / "b") == config.resolve()
    assert load_config(start=tmp_path / "a" / "b").period == "2025"


def test_pyproject_with_a_tool_compliance_table_is_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.compliance]\nperiod = 2024\n')
    assert load_config(start=tmp_path).period == "2024"


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    outer = write(tmp_path / "compliance.toml", "period = 2023\n")
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "inner") == outer.resolve()


def test_an_unrelated_broken_pyproject_does_not_stop_the_search(tmp_path: Path) -> None:
    write(tmp_path / "compliance.toml", "period = 2023\n")
    write(tmp_path / "inner" / "pyproject.toml", "this is [ not toml\n")
    assert load_config(start=tmp_path / "inner").period == "2023"


def test_compliance_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "compliance.toml", "period = 2023\n")
    write(tmp_path / "pyproject.toml", "[tool.compliance]\nperiod = 2024\n")
    assert load_config(start=tmp_path).period == "2023"


def test_no_config_file_gives_empty_settings(tmp_path: Path) -> None:
    # tmp_path lives under the system temp directory, which has no compliance.toml above it.
    assert find_config(tmp_path) is None
    assert load_config(start=tmp_path) == Config()


def test_explicit_config_file_is_read_instead_of_searching(tmp_path: Path) -> None:
    write(tmp_path / "compliance.toml", "period = 2023\n")
    other = write(tmp_path / "ci" / "strict.toml", 'period = 2024\nfail_on = "high"\n')
    config = load_config(other, start=tmp_path)
    assert (config.period, config.fail_on, config.file) == ("2024", "high", other)


def test_explicit_config_file_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_config(tmp_path / "missing.toml")


def test_explicit_pyproject_without_the_table_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert "has no `[tool.compliance]` table" in problems(path)[0]


# ---------------------------------------------------------------- values


def test_every_key_is_read_and_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "project" / "compliance.toml",
        """
rules = ["policy_rules", "extra/kl.rules"]
data = ["data/organisation.yaml"]
period = "2025-T2"
as_of = 2026-09-30
fail_on = "medium"
format = "json"
output = "out/report.json"
""",
    )
    base = tmp_path / "project"
    assert read_config(path) == Config(
        file=path,
        rules=(base / "policy_rules", base / "extra/kl.rules"),
        data=(base / "data/organisation.yaml",),
        period="2025-T2",
        as_of="2026-09-30",
        fail_on="medium",
        format="json",
        output=base / "out/report.json",
    )


def test_as_of_may_be_a_toml_date_an_iso_text_or_today(tmp_path: Path) -> None:
    for text, expected in (
        ("as_of = 2026-09-30", "2026-09-30"),
        ('as_of = "2026-09-30"', "2026-09-30"),
        ('as_of = "today"', "today"),
    ):
        assert read_config(write(tmp_path / "compliance.toml", text + "\n")).as_of == expected


def test_as_of_with_a_time_of_day_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "compliance.toml", "as_of = 2026-09-30T12:00:00\n")
    assert "without a time of day" in problems(path)[0]


def test_unknown_key_is_reported_at_its_position_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path / "compliance.toml", 'rules = ["r"]\n\nas-of = 2026-09-30\n')
    [shown] = problems(path)
    lines = shown.splitlines()
    assert lines[0].endswith("compliance.toml:3:1: error[E401]: unknown setting `as-of`")
    assert lines[2] == "3 | as-of = 2026-09-30"
    assert lines[3] == "  | ^^^^^"
    assert lines[-1] == "  = help: did you mean `as_of`?"


def test_misspelt_key_is_matched_to_the_closest_setting(tmp_path: Path) -> None:
    path = write(tmp_path / "compliance.toml", 'formt = "json"\n')
    assert problems(path)[0].endswith("did you mean `format`?")


def test_unknown_key_in_pyproject_table_is_placed_in_that_table(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        "[project]\nperiods = 1\n\n[tool.compliance]\nperiod = 2025\nperiods = 2025\n",
    )
    [shown] = problems(path)
    assert "pyproject.toml:6:1: error[E401]: unknown setting `periods`" in shown


def test_wrong_types_are_reported_together(tmp_path: Path) -> None:
    path = write(
        tmp_path / "compliance.toml",
        'rules = "policy_rules"\ndata = [1]\nperiod = true\nfail_on = "hgh"\nformat = "xml"\n',
    )
    shown = problems(path)
    assert len(shown) == 5
    assert ":1:1: error[E401]: `rules` must be a list of paths" in shown[0]
    assert ":2:1: error[E401]: `data` must be a list of paths" in shown[1]
    assert ":3:1: error[E401]: `period` must be a year" in shown[2]
    assert "`hgh` is not a valid `fail_on`" in shown[3]
    assert shown[3].endswith("did you mean `high`?")
    assert "`xml` is not a valid `format`" in shown[4]


def test_invalid_period_text_says_what_a_period_looks_like(tmp_path: Path) -> None:
    path = write(tmp_path / "compliance.toml", 'period = "2025-T4"\n')
    assert "a year has 3 parts of kind `T`" in problems(path)[0]


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "compliance.toml", 'period = 2025\nformat "json"\n')
    [shown] = problems(path)
    assert shown.splitlines()[0].endswith(
        "compliance.toml:2:8: error[E401]: the config file is not valid TOML: "
        "expected '=' after a key in a key/value pair"
    )
    assert shown.splitlines()[2:] == ['2 | format "json"', "  |        ^"]


# ---------------------------------------------------------------- flags override the file


def test_flags_override_config_values(tmp_path: Path) -> None:
    config = Config(
        file=tmp_path / "compliance.toml",
        rules=(tmp_path / "policy_rules",),
        data=(tmp_path / "a.yaml",),
        period="2024",
        as_of="2025-06-30",
        fail_on="high",
    )
    overridden = config.with_flags(
        data=[Path("b.yaml")], period="2025", as_of=date(2026, 1, 31).isoformat()
    )
    assert overridden.rules == config.rules  # not given: the file's value stays
    assert overridden.data == (Path("b.yaml"),)  # a list flag replaces, never appends
    assert (overridden.period, overridden.as_of, overridden.fail_on) == (
        "2025",
        "2026-01-31",
        "high",
    )


def test_no_flags_leave_the_config_as_it_is() -> None:
    config = Config(period="2024", format="json")
    assert config.with_flags(rules=[], data=None) == config


def test_a_config_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "compliance.toml"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        read_config(pipe)
