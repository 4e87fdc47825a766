"""Checked rule packs are cached between runs, and the cache is never stale, damaged or needed.

Each test points the cache at its own directory and forgets what this process has read
(`SOURCES`), so a result can only come from the cache file or from the checker itself.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from planted_pickle import RunsCode

from compliance import api, cache_codec, ir
from compliance.checker import checker
from compliance.diagnostics import SOURCES, InputError, render_diagnostic
from compliance.reporters import render_report
from compliance.user_cache import CACHE_ENV, code_fingerprint

REPOSITORY = Path(__file__).resolve().parent.parent

RULES = """\
styrdokument "Policy för kvalitet" {
  utfärdare "kommunfullmäktige"
}

låt oanvänd = 3

krav TG-01 "Varje nämnd har tjänstegarantier" {
  allvarlighet hög
  avser n i nämnder
  kräver finns g i tjänstegarantier där g.nämnd = n
  avvikelse "{n.namn} saknar tjänstegarantier."
}
"""

BROKEN = RULES.replace("allvarlighet hög", "allvarlighet hög hög")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    monkeypatch.setattr(SOURCES, "texts", {})
    return directory


@pytest.fixture
def rules_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "policy.rules"
    path.write_text(RULES, encoding="utf-8")
    return path


def checker_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a result can only come from the cache."""

    def refuse(*_: object) -> object:
        raise AssertionError("the rules were checked again")

    monkeypatch.setattr(checker, "check_program", refuse)


def cached_entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("rules-*.pickle"))


def test_a_checked_pack_comes_back_from_the_cache_unchanged(
    cache: Path, rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.load_rules([rules_file])
    assert len(cached_entries(cache)) == 1
    SOURCES.texts.clear()
    checker_refused(monkeypatch)
    second = api.load_rules([rules_file])
    assert second == first
    # The warning (an unused definition) and the text it quotes come back with the program.
    assert [d.code for d in second.warnings] == ["W502", "W501"]
    assert SOURCES.texts["policy.rules"] == RULES
    assert [render_diagnostic(d) for d in second.warnings] == [
        render_diagnostic(d) for d in first.warnings
    ]
    assert "oanvänd = 3" in render_diagnostic(second.warnings[1])


def test_an_edited_rule_file_is_checked_again_whatever_its_size_and_time(
    cache: Path, rules_file: Path
) -> None:
    api.load_rules([rules_file])
    before = rules_file.stat()
    edited = RULES.replace("allvarlighet hög", "allvarlighet låg")
    assert len(edited.encode("utf-8")) == before.st_size
    rules_file.write_text(edited, encoding="utf-8")
    os.utime(rules_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = api.load_rules([rules_file])
    assert again.program.rules[0].severity.value == "low"
    assert len(cached_entries(cache)) == 2


def test_the_same_text_under_another_name_is_another_entry(
    cache: Path, rules_file: Path, tmp_path: Path
) -> None:
    first = api.load_rules([rules_file])
    other = tmp_path / "annan.rules"
    other.write_text(RULES, encoding="utf-8")
    second = api.load_rules([other])
    assert first.files == ("policy.rules",)
    assert second.files == ("annan.rules",)
    assert second.program.rules[0].span.file == "annan.rules"
    assert len(cached_entries(cache)) == 2


def test_a_damaged_cache_file_is_checked_again_and_rewritten(cache: Path, rules_file: Path) -> None:
    first = api.load_rules([rules_file])
    (entry,) = cached_entries(cache)
    for damage in (b"", b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        assert api.load_rules([rules_file]) == first
        assert entry.read_bytes() != damage


def test_a_cache_file_holding_something_else_is_not_used(
    cache: Path, rules_file: Path, tmp_path: Path
) -> None:
    first = api.load_rules([rules_file])
    (entry,) = cached_entries(cache)
    marker = tmp_path / "ran"
    for other in (
        cache_codec.dumps(("not a program", ())),
        cache_codec.dumps((ir.Program, ())),
        pickle.dumps(RunsCode(marker)),
        pickle.dumps(os.system),
        # A dotted name would reach a class's methods rather than the class itself.
        pickle.dumps(ir.Program.__eq__),
    ):
        entry.write_bytes(other)
        assert api.load_rules([rules_file]) == first
        assert not marker.exists()


def test_the_cache_codec_names_only_the_programs_own_classes(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for foreign in (RunsCode(marker), os.system, ir.Program.__eq__, Path("x")):
        with pytest.raises(cache_codec.Refused):
            cache_codec.loads(pickle.dumps(foreign))
    assert not marker.exists()
    program = api.load_rules([REPOSITORY / "policy_rules" / "lkbr.rules"]).program
    assert cache_codec.loads(cache_codec.dumps(program)) == program


def test_a_pack_with_errors_is_never_cached(cache: Path, rules_file: Path) -> None:
    rules_file.write_text(BROKEN, encoding="utf-8")
    shown = []
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            api.load_rules([rules_file])
        shown.append([render_diagnostic(d) for d in raised.value.diagnostics])
    assert shown[0] == shown[1]
    assert shown[0] and "policy.rules:" in shown[0][0]
    assert cached_entries(cache) == []


def test_an_unreadable_file_is_reported_as_before(cache: Path, rules_file: Path) -> None:
    api.load_rules([rules_file])
    with pytest.raises(InputError) as raised:
        api.load_rules([rules_file, rules_file.parent / "saknas.rules"])
    assert [d.code for d in raised.value.diagnostics if d.level.value == "error"] == ["E110"]


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    first = api.load_rules([rules_file])
    assert api.load_rules([rules_file]) == first


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, rules_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    api.load_rules([rules_file])
    assert not (tmp_path / "xdg").exists()


def test_the_code_fingerprint_covers_the_parser_and_checker() -> None:
    # Every source file of the package takes part; these two decide what a pack checks to.
    root = Path(cache_codec.__file__).resolve().parent
    assert (root / "syntax" / "grammar.lark").is_file()
    assert (root / "checker" / "checker.py").is_file()
    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 32


@pytest.mark.parametrize("format", ["terminal", "json"])
def test_the_bundled_example_reports_the_same_from_a_cold_and_a_warm_cache(
    cache: Path, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPOSITORY)
    packs = [
        "policy_rules/haninge-verksamhetsstyrning.rules",
        "policy_rules/kommunallagen.rules",
        "policy_rules/lkbr.rules",
    ]
    data = api.load_data(["fixtures/haninge/organisation.yaml", "fixtures/haninge/synpunkter.yaml"])

    def report() -> str | bytes:
        rules = api.load_rules(packs)
        result = api.check(rules, data, period="2025", as_of="2026-09-30")
        return render_report(result, format)

    cold = report()
    assert len(cached_entries(cache)) == 1
    checker_refused(monkeypatch)
    assert report() == cold
