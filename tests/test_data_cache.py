"""Loaded data files are cached between runs, and the cache is never stale, damaged or needed.

Each test points the cache at its own directory, so a result can only come from the cache
file or from the loader itself; `assembly_refused` makes sure which.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from planted_pickle import RunsCode

from compliance import api, cache_codec
from compliance.data import assembly, codes
from compliance.diagnostics import SOURCES, InputError, render_diagnostic
from compliance.reporters import render_report
from compliance.user_cache import CACHE_ENV

REPOSITORY = Path(__file__).resolve().parent.parent

DATA = """\
kommun: {id: k, namn: Testkommun}
nämnder:
  - {id: sn, namn: Socialnämnden}
  - {id: kfn, namn: Kultur- och fritidsnämnden}
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(directory))
    return directory


@pytest.fixture
def data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    path = work / "organisation.yaml"
    path.write_text(DATA, encoding="utf-8")
    return path


def assembly_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a data set can only come from the cache."""

    def refuse(*_: object) -> object:
        raise AssertionError("the files were parsed and validated again")

    monkeypatch.setattr(assembly, "assemble", refuse)


def cached_entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("data-*.pickle"))


def names(path: Path) -> list[str]:
    return [n.namn for n in api.load_data([path.name]).organisation.nämnder or []]


def test_a_loaded_data_set_comes_back_from_the_cache_unchanged(
    cache: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.load_data([data_file.name])
    assert len(cached_entries(cache)) == 1
    assembly_refused(monkeypatch)
    monkeypatch.setattr(SOURCES, "texts", {})
    again = api.load_data([data_file.name])
    assert again == first
    assert SOURCES.texts == {"organisation.yaml": DATA}  # diagnostics can still quote it
    assert again.locations == first.locations and again.digests == first.digests
    assert again.location(("nämnder", 1, "namn")) == first.location(("nämnder", 1, "namn"))


def test_an_edited_file_is_loaded_again_whatever_its_size_and_time(
    cache: Path, data_file: Path
) -> None:
    assert names(data_file) == ["Socialnämnden", "Kultur- och fritidsnämnden"]
    before = data_file.stat()
    data_file.write_text(DATA.replace("Socialnämnden", "Socialnämnd_n"), encoding="utf-8")
    os.utime(data_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert data_file.stat().st_size == before.st_size
    assert names(data_file) == ["Socialnämnd_n", "Kultur- och fritidsnämnden"]


def test_the_same_file_seen_from_another_directory_is_another_entry(
    cache: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reports show paths relative to the working directory; an entry must not carry another's.
    here = api.load_data([data_file.name])
    monkeypatch.chdir(data_file.parent.parent)
    there = api.load_data([f"work/{data_file.name}"])
    assert here.files == ["organisation.yaml"] and there.files == ["work/organisation.yaml"]
    assert len(cached_entries(cache)) == 2


def test_a_damaged_cache_file_is_loaded_again_and_rewritten(cache: Path, data_file: Path) -> None:
    first = api.load_data([data_file.name])
    (entry,) = cached_entries(cache)
    for damage in (b"", b"not a pickle", entry.read_bytes()[:100]):
        entry.write_bytes(damage)
        assert api.load_data([data_file.name]) == first
        assert entry.read_bytes() != damage


def test_a_cache_file_holding_something_else_is_not_used(
    cache: Path, data_file: Path, tmp_path: Path
) -> None:
    first = api.load_data([data_file.name])
    (entry,) = cached_entries(cache)
    marker = tmp_path / "ran"
    for other in (
        cache_codec.dumps("not a data set"),
        cache_codec.dumps(first.organisation),
        pickle.dumps(RunsCode(marker)),
    ):
        entry.write_bytes(other)
        assert api.load_data([data_file.name]) == first
        assert not marker.exists()


def test_data_with_errors_is_never_cached(cache: Path, data_file: Path) -> None:
    data_file.write_text(DATA.replace("namn: Socialnämnden", "namn: 3"), encoding="utf-8")
    shown = []
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            api.load_data([data_file.name])
        shown.append([render_diagnostic(d) for d in raised.value.diagnostics])
    assert shown[0] == shown[1]
    assert shown[0] and "organisation.yaml:3:" in shown[0][0]
    assert cached_entries(cache) == []


def test_data_with_tables_is_never_cached(cache: Path, data_file: Path) -> None:
    # The tables are files beside the YAML; the YAML alone cannot vouch for them.
    folder = data_file.parent
    (folder / "synpunkter.csv").write_text(
        "id;nämnd;enhet;inkommen;besvarad;kategori\nS1;sn;;2025-03-03;;klagomål\n",
        encoding="utf-8",
    )
    data_file.write_text(DATA + "tabeller:\n  synpunkter: synpunkter.csv\n", encoding="utf-8")
    assert len(api.load_data([data_file.name]).tables["synpunkter"]) == 1
    (folder / "synpunkter.csv").write_text(
        "id;nämnd;enhet;inkommen;besvarad;kategori\nS1;sn;;2025-03-03;;klagomål\n"
        "S2;kfn;;2025-03-04;2025-03-05;förslag\n",
        encoding="utf-8",
    )
    dataset = api.load_data([data_file.name])
    assert len(dataset.tables["synpunkter"][0]) == 2
    assert cached_entries(cache) == []


def test_a_file_given_twice_or_missing_is_reported_as_before(cache: Path, data_file: Path) -> None:
    api.load_data([data_file.name])
    for paths, code in (
        ([data_file.name, data_file.name], codes.SAME_FILE_TWICE),
        (["saknas.yaml"], codes.FILE_NOT_FOUND),
    ):
        with pytest.raises(InputError) as raised:
            api.load_data(paths)
        assert [d.code for d in raised.value.diagnostics] == [code]


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    first = api.load_data([data_file.name])
    assert api.load_data([data_file.name]) == first


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    api.load_data([data_file.name])
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize("format", ["terminal", "json"])
def test_the_bundled_example_reports_the_same_from_a_cold_and_a_warm_cache(
    cache: Path, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPOSITORY)
    rules = api.load_rules(
        [
            "policy_rules/haninge-verksamhetsstyrning.rules",
            "policy_rules/kommunallagen.rules",
            "policy_rules/lkbr.rules",
        ]
    )
    files = ["fixtures/haninge/organisation.yaml", "fixtures/haninge/synpunkter.yaml"]

    def report() -> str | bytes:
        data = api.load_data(files)
        result = api.check(rules, data, period="2025", as_of="2026-09-30")
        return render_report(result, format)

    cold = report()
    assert len(cached_entries(cache)) == 1
    assembly_refused(monkeypatch)
    assert report() == cold
