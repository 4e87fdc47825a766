"""Loading data files: exact diagnostics (code, message, file, line, column) and positions."""

from __future__ import annotations

import hashlib
import json
import random
import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from compliance.data import codes
from compliance.data.codes import DATA_CODES
from compliance.data.dataset import Dataset, Location
from compliance.data.loader import load_dataset, load_dataset_text
from compliance.data.schema import data_json_schema, render_data_schema
from compliance.data.yaml_source import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    Limits,
    read_yaml_text,
)
from compliance.diagnostics import SOURCES, Diagnostic, InputError, render_diagnostic

REPO = Path(__file__).resolve().parent.parent

KOMMUN = "kommun:\n  id: exempel\n  namn: Exempelkommun\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working directory, so display paths are just the file names."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(directory: Path, name: str, text: str) -> str:
    (directory / name).write_text(text, encoding="utf-8")
    return name


def problems(*paths: str, limits: Limits | None = None) -> list[Diagnostic]:
    with pytest.raises(InputError) as caught:
        if limits is None:
            load_dataset(list(paths))
        else:
            load_dataset(list(paths), limits=limits)
    return caught.value.diagnostics


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, [render_diagnostic(d) for d in diagnostics]
    return diagnostics[0]


def at(diagnostic: Diagnostic) -> tuple[str, int, int]:
    assert diagnostic.span is not None, diagnostic
    return diagnostic.span.file, diagnostic.span.line, diagnostic.span.column


def text_problems(text: str, name: str = "data.yaml") -> list[Diagnostic]:
    with pytest.raises(InputError) as caught:
        load_dataset_text(text, name)
    return caught.value.diagnostics


# --- A valid organisation -----------------------------------------------------------------

VALID = """\
kommun:
  id: exempel
  namn: Exempelkommun
  kommunkod: "0136"
nämnder:
  - id: son
    namn: Socialnämnden
    lagstiftning: [SoL, LSS]
förvaltningar:
  - id: sof
    namn: Socialförvaltningen
    nämnd: son
rapporter:
  - id: r1
    typ: årsberättelse
    period: 2025-T2
    nämnd: son
    överlämnad:
      - till: kommunfullmäktige
        datum: 2025-05-31
synpunkter:
  - id: s1
    nämnd: son
    inkommen: 2025-01-10
"""


def test_valid_organisation_round_trip(work: Path) -> None:
    name = write(work, "org.yaml", VALID)
    dataset = load_dataset([name])
    organisation = dataset.organisation
    assert organisation.kommun is not None
    assert organisation.kommun.kommunkod == "0136"
    assert organisation.nämnder is not None and organisation.nämnder[0].lagstiftning == [
        "SoL",
        "LSS",
    ]
    assert organisation.rapporter is not None
    handed = organisation.rapporter[0].överlämnad[0]
    assert handed.datum == date(2025, 5, 31)
    assert organisation.rapporter[0].period.end == date(2025, 8, 31)
    assert organisation.enheter is None  # not declared stays undeclared
    assert dataset.locations[("kommun", "namn")] == Location("org.yaml", 3, 9)
    assert dataset.locations[("nämnder", 0)] == Location("org.yaml", 6, 5)
    assert dataset.locations[("nämnder", 0, "lagstiftning", 1)] == Location("org.yaml", 8, 25)
    assert dataset.locations[("rapporter", 0, "överlämnad", 0, "datum")] == Location(
        "org.yaml", 20, 16
    )
    assert dataset.location(("synpunkter", 0, "besvarad")) == Location("org.yaml", 22, 5)
    assert dataset.files == ["org.yaml"]
    digest = hashlib.sha256((work / "org.yaml").read_bytes()).hexdigest()
    assert dataset.digests == {"org.yaml": digest}
    assert SOURCES.line("org.yaml", 3) == "  namn: Exempelkommun"


def test_dates_stay_text_until_pydantic_parses_them() -> None:
    document = read_yaml_text("a: 2025-05-31\nb: 0136\nc: yes\nd: 1.5\ne:\n", "t.yaml")
    assert document.data == {"a": "2025-05-31", "b": 94, "c": True, "d": 1.5, "e": None}
    assert document.raw[("b",)] == "0136"


def test_byte_order_mark_is_stripped(work: Path) -> None:
    (work / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + KOMMUN.encode())
    dataset = load_dataset(["bom.yaml"])
    assert dataset.locations[("kommun",)] == Location("bom.yaml", 2, 3)
    assert dataset.locations[("kommun", "id")] == Location("bom.yaml", 2, 7)


def test_anchors_aliases_and_merge_keys(work: Path) -> None:
    name = write(
        work,
        "alias.yaml",
        KOMMUN + "nämnder:\n  - &bas {id: a, namn: A, typ: valnämnd}\n  - <<: *bas\n    id: b\n",
    )
    organisation = load_dataset([name]).organisation
    assert organisation.nämnder is not None
    assert [(n.id, n.namn, n.typ) for n in organisation.nämnder] == [
        ("a", "A", "valnämnd"),
        ("b", "A", "valnämnd"),
    ]


# --- Reading files ------------------------------------------------------------------------


def test_missing_file_suggests_a_similar_name(work: Path) -> None:
    write(work, "haninge.yaml", KOMMUN)
    diagnostic = only(problems("hanige.yaml"))
    assert diagnostic.code == "E301"
    assert diagnostic.message == "no such file: `hanige.yaml`"
    assert diagnostic.help == "did you mean `haninge.yaml`?"
    assert diagnostic.file == "hanige.yaml" and diagnostic.span is None


def test_directory_instead_of_file(work: Path) -> None:
    (work / "data").mkdir()
    diagnostic = only(problems("data"))
    assert diagnostic.code == "E302"
    assert diagnostic.message == "`data` is a directory, not a data file"
    assert diagnostic.help == "give the YAML files in it, for example `data/*.yaml`"
    assert diagnostic.file == "data"


def test_binary_file(work: Path) -> None:
    (work / "bok.xlsx").write_bytes(b"PK\x03\x04\x00\x00\x08\x00")
    diagnostic = only(problems("bok.xlsx"))
    assert diagnostic.code == "E306"
    assert diagnostic.message.startswith("the file is not a text file: it contains NUL bytes")
    assert diagnostic.file == "bok.xlsx"


def test_latin1_file_points_at_the_bad_byte(work: Path) -> None:
    (work / "latin.yaml").write_bytes("kommun:\n  namn: Göteborg\n".encode("latin-1"))
    diagnostic = only(problems("latin.yaml"))
    assert diagnostic.code == "E305"
    assert diagnostic.message == "the file is not valid UTF-8 text: byte 0xf6 cannot be read"
    assert at(diagnostic) == ("latin.yaml", 2, 10)


def test_utf16_file(work: Path) -> None:
    (work / "u16.yaml").write_bytes(KOMMUN.encode("utf-16"))
    diagnostic = only(problems("u16.yaml"))
    assert (diagnostic.code, diagnostic.message) == ("E305", "the file is UTF-16 text, not UTF-8")


def test_file_too_large(work: Path) -> None:
    name = write(work, "big.yaml", KOMMUN + "#" * 200 + "\n")
    diagnostic = only(problems(name, limits=Limits(max_file_bytes=100)))
    assert diagnostic.code == "E304"
    assert diagnostic.message == "the file is larger than 100 bytes; it is refused"


def test_same_file_twice(work: Path) -> None:
    name = write(work, "a.yaml", KOMMUN)
    diagnostic = only(problems(name, "./a.yaml"))
    assert (diagnostic.code, diagnostic.message) == ("E316", "`a.yaml` is given more than once")


def test_no_files() -> None:
    assert only(problems()).code == "E300"


# --- YAML syntax and structure ------------------------------------------------------------


def test_empty_file(work: Path) -> None:
    name = write(work, "tom.yaml", "# bara en kommentar\n\n")
    diagnostic = only(problems(name))
    assert diagnostic.code == "E309"
    assert diagnostic.message == (
        "the file is empty; expected a mapping with `kommun:` or a collection such as `nämnder:`"
    )
    assert diagnostic.file == "tom.yaml" and diagnostic.span is None


def test_list_at_top_level(work: Path) -> None:
    name = write(work, "lista.yaml", "- id: son\n  namn: Socialnämnden\n")
    diagnostic = only(problems(name))
    assert diagnostic.code == "E310"
    assert diagnostic.message == (
        "the top level of a data file must be a mapping (`kommun:`, `nämnder:` …), found a list"
    )
    assert at(diagnostic) == ("lista.yaml", 1, 1)


def test_scalar_at_top_level() -> None:
    diagnostic = only(text_problems("Haninge kommun\n"))
    assert diagnostic.code == "E310"
    assert diagnostic.message.endswith("found the single value `Haninge kommun`")


def test_duplicate_key(work: Path) -> None:
    name = write(work, "dubbel.yaml", "kommun:\n  id: a\n  namn: A\n  id: b\n")
    diagnostic = only(problems(name))
    assert diagnostic.code == "E312"
    assert diagnostic.message == "duplicate key `id`; it is already given on line 2"
    assert at(diagnostic) == ("dubbel.yaml", 4, 3)


def test_duplicate_key_does_not_hide_other_errors(work: Path) -> None:
    name = write(work, "d.yaml", "kommun:\n  id: a\n  namn: A\n  id: b\n  nman: x\n")
    assert [d.code for d in problems(name)] == ["E312", "E320"]


def test_tab_in_indentation(work: Path) -> None:
    name = write(work, "tab.yaml", "kommun:\n\tid: a\n")
    diagnostic = only(problems(name))
    assert diagnostic.code == "E308"
    assert diagnostic.message == (
        "a tab character is used here; YAML indentation and separation must use spaces"
    )
    assert diagnostic.help == "replace the tab with spaces"
    assert at(diagnostic) == ("tab.yaml", 2, 1)


def test_unquoted_colon_is_explained() -> None:
    diagnostic = only(text_problems(KOMMUN + "styrdokument:\n  - titel: Plan: 2025\n"))
    assert diagnostic.code == "E307"
    assert diagnostic.message == "unexpected `:` here"
    assert diagnostic.help is not None and 'titel: "Plan: 2025"' in diagnostic.help
    assert at(diagnostic) == ("data.yaml", 5, 16)


def test_bad_indentation() -> None:
    diagnostic = only(text_problems("kommun:\n  id: a\n namn: b\n"))
    assert diagnostic.code == "E307"
    assert diagnostic.message == "the indentation of this line does not match the lines above it"
    assert at(diagnostic) == ("data.yaml", 3, 2)


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    diagnostic = only(text_problems('kommun:\n  namn: "Haninge\n  id: a\n'))
    assert diagnostic.message == "a quoted text starts here but its closing quote is missing"
    assert at(diagnostic) == ("data.yaml", 2, 9)


def test_undefined_alias() -> None:
    diagnostic = only(text_problems("kommun: *bas\n"))
    assert diagnostic.message == "the alias `*bas` has no anchor `&bas` before it"
    assert at(diagnostic) == ("data.yaml", 1, 9)


def test_control_character() -> None:
    diagnostic = only(text_problems("kommun:\n  namn: a\x07b\n"))
    assert diagnostic.message == "the control character U+0007 is not allowed in a YAML file"
    assert at(diagnostic) == ("data.yaml", 2, 10)


def test_multiple_documents(work: Path) -> None:
    name = write(work, "två.yaml", KOMMUN + "---\nnämnder: []\n")
    diagnostic = only(problems(name))
    assert diagnostic.code == "E311"
    assert at(diagnostic) == ("två.yaml", 4, 1)


def test_tags_are_refused_and_nothing_is_constructed() -> None:
    diagnostic = only(text_problems("kommun: !!python/object/apply:os.system [echo]\n"))
    assert diagnostic.code == "E315"
    assert diagnostic.message == (
        "the YAML tag `!!python/object/apply:os.system` is not supported in data files"
    )
    assert at(diagnostic) == ("data.yaml", 1, 9)


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi", strict=True)
)


def test_alias_bomb_is_refused(work: Path) -> None:
    name = write(work, "bomb.yaml", BOMB)
    diagnostic = only(problems(name))
    assert diagnostic.code == "E314"
    assert diagnostic.message == (
        "expanding the aliases (`*name`) would give the file more than 1,000,000 values; "
        "it is refused"
    )
    # 9**7 values under `g` is the first anchor above the limit.
    assert at(diagnostic) == ("bomb.yaml", 7, 4)


def test_too_many_aliases() -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 30) + "]\n"
    with pytest.raises(InputError) as caught:
        load_dataset_text(text, "many.yaml", limits=Limits(max_aliases=20))
    diagnostic = only(caught.value.diagnostics)
    assert diagnostic.code == "E314"
    assert diagnostic.message == "the file uses more than 20 aliases (`*name`); it is refused"
    assert at(diagnostic) == ("many.yaml", 2, 1 + len("b: [") + 20 * len("*a, "))


def test_recursive_alias() -> None:
    diagnostic = only(text_problems("a: &a [1, *a]\n"))
    assert diagnostic.code == "E314"
    assert diagnostic.message == "this alias refers to a value that contains the alias itself"
    assert at(diagnostic) == ("data.yaml", 1, 11)


def test_too_deep(work: Path) -> None:
    depth = MAX_DEPTH + 1
    name = write(work, "djup.yaml", "a: " + "[" * depth + "]" * depth + "\n")
    diagnostic = only(problems(name))
    assert diagnostic.code == "E313"
    assert diagnostic.message == (
        "lists and mappings are nested more than 64 levels deep here; the file is refused"
    )
    assert at(diagnostic) == ("djup.yaml", 1, 4 + MAX_DEPTH - 1)


def test_too_deep_through_aliases() -> None:
    inner = "a: &a " + "[" * 40 + "]" * 40 + "\n"
    outer = "b: " + "[" * 30 + "*a" + "]" * 30 + "\n"
    diagnostic = only(text_problems(inner + outer))
    assert diagnostic.code == "E313"
    assert at(diagnostic) == ("data.yaml", 2, 34)


# --- Validation against the model ---------------------------------------------------------


def test_unknown_key_with_did_you_mean(work: Path) -> None:
    name = write(
        work,
        "org.yaml",
        KOMMUN
        + "nämnder:\n  - {id: son, namn: S}\nförvaltningar:\n"
        + "".join(f"  - id: f{i}\n    namn: F\n    nämnd: son\n" for i in range(2))
        + "  - id: f2\n    namn: F\n    nämd: son\n",
    )
    found = problems(name)
    unknown = [d for d in found if d.code == "E320"]
    assert len(unknown) == 1
    assert unknown[0].message == "unknown key `nämd` in `förvaltningar[2]`"
    assert unknown[0].help == "did you mean `nämnd`?"
    assert at(unknown[0]) == ("org.yaml", 15, 5)
    missing = [d for d in found if d.code == "E321"]
    assert [d.message for d in missing] == ["missing required field `nämnd` in `förvaltningar[2]`"]
    assert at(missing[0]) == ("org.yaml", 13, 5)


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    diagnostic = only(text_problems(KOMMUN + "  färg: blå\n"))
    assert diagnostic.message == "unknown key `färg` in `kommun`"
    assert diagnostic.help == ("the keys allowed here are `id`, `namn`, `kommunkod`, `invånare`")


def test_unknown_top_level_key() -> None:
    diagnostic = only(text_problems(KOMMUN + "namnder: []\n"))
    assert diagnostic.message == "unknown key `namnder` at the top level"
    assert diagnostic.help == "did you mean `nämnder`?"
    assert at(diagnostic) == ("data.yaml", 4, 1)


def test_impossible_date(work: Path) -> None:
    name = write(
        work, "datum.yaml", KOMMUN + "nämnder:\n  - id: a\n    namn: A\n    inrättad: 2025-02-30\n"
    )
    diagnostic = only(problems(name))
    assert diagnostic.code == "E323"
    assert diagnostic.message == (
        "expected a date such as `2025-05-31`, found `2025-02-30` (day is out of range for month)"
    )
    assert at(diagnostic) == ("datum.yaml", 7, 15)


def test_date_in_another_format() -> None:
    diagnostic = only(
        text_problems(KOMMUN + "synpunkter:\n  - {id: s, nämnd: a, inkommen: 31/5/2025}\n")
    )
    assert diagnostic.message == "expected a date such as `2025-05-31`, found `31/5/2025`"
    assert diagnostic.help == "write dates as YYYY-MM-DD"


def test_text_where_a_number_is_expected() -> None:
    diagnostic = only(
        text_problems(KOMMUN + "indikatorer:\n  - {id: i, namn: I, målvärde: tolv}\n")
    )
    assert diagnostic.code == "E322"
    assert diagnostic.message == "expected a number, found text `tolv`"
    assert at(diagnostic) == ("data.yaml", 5, 32)


def test_decimal_comma_gets_a_hint() -> None:
    diagnostic = only(
        text_problems(KOMMUN + "indikatorer:\n  - id: i\n    namn: I\n    utfall: 12,5\n")
    )
    assert diagnostic.help == "use a decimal point: `12.5`"


def test_number_where_text_is_expected_suggests_quotes() -> None:
    diagnostic = only(text_problems(KOMMUN + "  kommunkod: 0136\n"))
    assert diagnostic.code == "E322"
    assert diagnostic.message == "expected text, found the number `0136`"
    assert diagnostic.help == (
        'YAML reads the unquoted `0136` as a number; put it in quotes to keep it as text: `"0136"`'
    )
    assert at(diagnostic) == ("data.yaml", 4, 14)


def test_enum_typo(work: Path) -> None:
    name = write(
        work,
        "rapport.yaml",
        KOMMUN + "rapporter:\n  - id: r\n    typ: årsberätelse\n    period: 2025\n",
    )
    diagnostic = only(problems(name))
    assert diagnostic.code == "E324"
    assert diagnostic.message == (
        "`årsberätelse` is not a valid `typ`; expected one of `årsberättelse`, "
        "`verksamhetsberättelse`, `delårsrapport`, `tertialrapport`, `årsredovisning`, "
        "`verksamhetsplan`, `kvalitetsberättelse`, `patientsäkerhetsberättelse`, "
        "`avvikelseuppföljning`, `budgetuppföljning`, `internkontrolluppföljning`"
    )
    assert diagnostic.help == "did you mean `årsberättelse`?"
    assert at(diagnostic) == ("rapport.yaml", 6, 10)


def test_enum_typo_inside_a_list() -> None:
    diagnostic = only(
        text_problems(KOMMUN + "nämnder:\n  - {id: a, namn: A, lagstiftning: [SoL, lss]}\n")
    )
    assert diagnostic.message.startswith("`lss` is not a valid `lagstiftning`; expected one of")
    assert diagnostic.help == "did you mean `LSS`?"
    assert at(diagnostic) == ("data.yaml", 5, 42)


def test_invalid_period() -> None:
    diagnostic = only(
        text_problems(KOMMUN + "rapporter:\n  - {id: r, typ: årsredovisning, period: 2025-T4}\n")
    )
    assert diagnostic.code == "E326"
    assert diagnostic.message == "`2025-T4`: a year has 3 parts of kind `T`, not 4"


def test_empty_required_text() -> None:
    diagnostic = only(text_problems("kommun:\n  id: a\n  namn: '  '\n"))
    assert (diagnostic.code, diagnostic.message) == ("E325", "`namn` must not be empty")


def test_negative_count() -> None:
    diagnostic = only(text_problems(KOMMUN + "  invånare: -5\n"))
    assert (diagnostic.code, diagnostic.message) == (
        "E325",
        "`invånare` must be at least 0, found `-5`",
    )


def test_mapping_expected() -> None:
    diagnostic = only(text_problems("kommun: Haninge\n"))
    assert diagnostic.code == "E322"
    assert diagnostic.message == "expected a mapping (lines of `key: value`), found text `Haninge`"


def test_errors_from_all_files_are_collected(work: Path) -> None:
    first = write(work, "a.yaml", KOMMUN + "  nman: x\n")
    second = write(work, "b.yaml", "nämnder:\n  - id: a\n")
    third = write(work, "c.yaml", "- x\n")
    found = problems(first, second, third)
    assert [(d.code, d.where) for d in found] == [
        ("E320", "a.yaml:4:3"),
        ("E321", "b.yaml:2:5"),
        ("E310", "c.yaml:1:1"),
    ]


# --- Merging and checks across files ------------------------------------------------------


def test_merged_locations_point_into_the_right_file(work: Path) -> None:
    first = write(work, "a.yaml", KOMMUN + "nämnder:\n  - id: a\n    namn: A\n")
    second = write(
        work,
        "b.yaml",
        "# the second file\nnämnder:\n  - id: b\n    namn: B\n"
        "förvaltningar:\n  - {id: fb, namn: FB, nämnd: a}\n",
    )
    dataset = load_dataset([first, second])
    nämnder = dataset.organisation.nämnder
    assert nämnder is not None and [n.id for n in nämnder] == ["a", "b"]
    assert dataset.locations[("nämnder", 0, "namn")] == Location("a.yaml", 6, 11)
    assert dataset.locations[("nämnder", 1, "namn")] == Location("b.yaml", 4, 11)
    assert dataset.locations[("förvaltningar", 0, "nämnd")] == Location("b.yaml", 6, 31)
    assert dataset.files == ["a.yaml", "b.yaml"]
    assert set(dataset.digests) == {"a.yaml", "b.yaml"}


def test_merge_keeps_the_order_of_the_files(work: Path) -> None:
    first = write(work, "a.yaml", "nämnder:\n  - {id: a, namn: A}\n")
    second = write(work, "b.yaml", KOMMUN + "nämnder:\n  - {id: b, namn: B}\n")
    dataset: Dataset = load_dataset([second, first])
    assert [n.id for n in dataset.organisation.nämnder or []] == ["b", "a"]
    assert dataset.locations[("nämnder", 1, "id")] == Location("a.yaml", 2, 10)


def test_duplicate_id_across_two_files(work: Path) -> None:
    first = write(work, "a.yaml", KOMMUN + "nämnder:\n  - id: son\n    namn: A\n")
    second = write(work, "b.yaml", "nämnder:\n  - id: ks\n    namn: K\n  - id: son\n    namn: B\n")
    diagnostic = only(problems(first, second))
    assert diagnostic.code == "E340"
    assert diagnostic.message == (
        "duplicate id `son` in `nämnder`; it is already used in `a.yaml` on line 5"
    )
    assert at(diagnostic) == ("b.yaml", 4, 9)


def test_duplicate_id_in_one_file_names_the_line() -> None:
    diagnostic = only(
        text_problems(KOMMUN + "nämnder:\n  - {id: a, namn: A}\n  - {id: a, namn: B}\n")
    )
    assert diagnostic.message == "duplicate id `a` in `nämnder`; it is already used on line 5"


def test_kommun_declared_twice(work: Path) -> None:
    first = write(work, "a.yaml", KOMMUN)
    second = write(work, "b.yaml", "nämnder: []\nkommun:\n  id: annan\n  namn: Annan\n")
    diagnostic = only(problems(first, second))
    assert diagnostic.code == "E330"
    assert diagnostic.message == (
        "`kommun` is declared more than once; it is already declared in `a.yaml` on line 1"
    )
    assert at(diagnostic) == ("b.yaml", 2, 1)


def test_kommun_missing(work: Path) -> None:
    name = write(work, "a.yaml", "nämnder: []\n")
    diagnostic = only(problems(name))
    assert (diagnostic.code, diagnostic.message) == ("E331", "no data file declares `kommun:`")
    assert diagnostic.file == "a.yaml"


def test_unknown_reference_with_did_you_mean(work: Path) -> None:
    first = write(work, "a.yaml", KOMMUN + "nämnder:\n  - {id: socialnämnden, namn: S}\n")
    second = write(
        work, "b.yaml", "förvaltningar:\n  - id: sof\n    namn: F\n    nämnd: socialnämden\n"
    )
    diagnostic = only(problems(first, second))
    assert diagnostic.code == "E341"
    assert diagnostic.message == ("unknown nämnd `socialnämden`: no entry in `nämnder` has this id")
    assert diagnostic.help == "did you mean `socialnämnden`?"
    assert at(diagnostic) == ("b.yaml", 4, 12)


def test_optional_reference_to_an_undeclared_collection() -> None:
    diagnostic = only(
        text_problems(
            KOMMUN + "nämnder:\n  - {id: a, namn: A}\nsynpunkter:\n"
            "  - {id: s, nämnd: a, inkommen: 2025-01-01, tjänstegaranti: g1}\n"
        )
    )
    assert diagnostic.message == (
        "unknown tjänstegaranti `g1`: no entry in `tjänstegarantier` has this id"
    )
    assert diagnostic.help == "no data file declares `tjänstegarantier:`"


def test_reference_within_the_same_collection() -> None:
    diagnostic = only(
        text_problems(
            KOMMUN + "mål:\n  - {id: kf1, text: T, nivå: kf}\n"
            "  - {id: n1, text: T, nivå: nämnd, överordnat: kf2}\n"
        )
    )
    assert diagnostic.message == "unknown mål `kf2`: no entry in `mål` has this id"
    assert diagnostic.help == "did you mean `kf1`?"


def test_report_handed_to_an_unknown_recipient() -> None:
    diagnostic = only(
        text_problems(
            KOMMUN + "rapporter:\n  - id: r\n    typ: årsredovisning\n    period: 2025\n"
            "    överlämnad:\n      - till: kommunfullmäktig\n"
        )
    )
    assert diagnostic.code == "E342"
    assert diagnostic.message == (
        "unknown recipient `kommunfullmäktig`: `till` must be the id of a nämnd or one of "
        "`kommunfullmäktige`, `revisorerna`"
    )
    assert diagnostic.help == "did you mean `kommunfullmäktige`?"
    assert at(diagnostic) == ("data.yaml", 9, 15)


def test_end_before_start_is_impossible() -> None:
    diagnostic = only(
        text_problems(
            KOMMUN + "nämnder:\n  - {id: a, namn: A}\nutförare:\n  - id: u\n    namn: U\n"
            "    regi: privat\n    nämnd: a\n    avtal:\n      - giltigt_från: 2024-01-01\n"
            "        giltigt_till: 2023-12-31\n"
        )
    )
    assert diagnostic.code == "E343"
    assert diagnostic.message == (
        "impossible dates: `giltigt_till` (2023-12-31) is before `giltigt_från` (2024-01-01)"
    )
    assert diagnostic.help == "check both dates; `giltigt_från` is given on line 12"
    assert at(diagnostic) == ("data.yaml", 13, 23)


def test_answered_before_received() -> None:
    diagnostic = only(
        text_problems(
            KOMMUN + "nämnder:\n  - {id: a, namn: A}\nsynpunkter:\n"
            "  - {id: s, nämnd: a, inkommen: 2025-03-01, besvarad: 2025-02-01}\n"
        )
    )
    assert diagnostic.code == "E343"
    assert diagnostic.message == (
        "impossible dates: `besvarad` (2025-02-01) is before `inkommen` (2025-03-01); "
        "a synpunkt cannot be answered before it has come in"
    )


def test_semantic_checks_wait_for_valid_files(work: Path) -> None:
    # The nämnd is in a file with a syntax error: its id must not be reported as unknown.
    first = write(work, "a.yaml", KOMMUN + "nämnder:\n  - {id: son, namn: [\n")
    second = write(work, "b.yaml", "förvaltningar:\n  - {id: f, namn: F, nämnd: son}\n")
    assert [d.code for d in problems(first, second)] == ["E307"]


def test_text_loader_shares_the_pipeline() -> None:
    dataset = load_dataset_text(VALID, "inline#case-1")
    assert dataset.files == ["inline#case-1"]
    assert dataset.locations[("kommun", "id")] == Location("inline#case-1", 2, 7)
    diagnostic = only(text_problems(KOMMUN + "  nman: x\n", "inline#case-2"))
    assert diagnostic.where == "inline#case-2:4:3"


# --- Robustness ---------------------------------------------------------------------------


def test_no_traceback_for_mangled_input(work: Path) -> None:
    """Random damage to a valid file gives diagnostics or data, never another exception."""
    source = VALID.encode()
    generator = random.Random(20250531)
    for attempt in range(300):
        damaged = bytearray(source)
        for _ in range(generator.randint(1, 6)):
            position = generator.randrange(len(damaged))
            damaged[position] = generator.choice(b"\t\n :-[]{}&*!|>'\"#%@`,?\x00\xc3\xa5")
        path = work / f"m{attempt}.yaml"
        path.write_bytes(bytes(damaged))
        try:
            load_dataset([path.name])
        except InputError as error:
            assert error.diagnostics
            assert all(d.code in DATA_CODES and d.code != "E399" for d in error.diagnostics)
            for diagnostic in error.diagnostics:
                render_diagnostic(diagnostic)


def test_every_code_is_documented() -> None:
    constants = {
        value
        for name, value in vars(codes).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"E3\d\d", value)
    }
    assert constants == set(DATA_CODES)
    for module in sorted((REPO / "compliance" / "data").glob("*.py")):
        if module.name == "codes.py":
            continue
        text = module.read_text(encoding="utf-8")
        assert not re.search(r"\"E3\d\d\"", text), f"{module.name} spells a code, not its name"


# --- Schema and documentation -------------------------------------------------------------


def test_schema_is_deterministic_draft_2020_12() -> None:
    text = render_data_schema()
    assert text == render_data_schema() and text.endswith("}\n")
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "åtgärd" in text  # not escaped


def test_schema_accepts_valid_data_and_rejects_unknown_keys() -> None:
    validator = jsonschema.Draft202012Validator(data_json_schema())
    validator.validate(read_yaml_text(VALID, "s.yaml").data)
    assert not validator.is_valid({"kommun": {"id": "a", "namn": "A", "nämd": "x"}})


def test_documented_example_loads() -> None:
    document = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    example = document.split("## A complete example", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", example, re.DOTALL)
    assert block is not None
    dataset = load_dataset_text(block.group(1), "docs/data-model.md#example")
    assert dataset.organisation.kommun is not None
    for name in (
        "nämnder",
        "förvaltningar",
        "enheter",
        "utförare",
        "styrdokument",
        "mål",
        "indikatorer",
        "tjänstegarantier",
        "rapporter",
        "synpunkter",
    ):
        assert dataset.collection(name), f"the example should show `{name}`"


def test_documented_limits_match_the_constants() -> None:
    document = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert f"| file size | {MAX_FILE_BYTES // (1024 * 1024)} MiB |" in document
    assert f"| nesting of lists and mappings | {MAX_DEPTH} levels |" in document
    assert f"| aliases (`*name`) in one file | {MAX_ALIASES:,} |" in document
    assert f"| values after expanding aliases | {MAX_NODES:,} |" in document


def test_data_model_doc_lists_every_field_of_every_model() -> None:
    # The field tables in docs/data-model.md are what data authors read; a field added to the
    # model without a row there would be invisible to them.
    import compliance.data.model as model_module

    document = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    sections = re.split(r"^#{3,4} ", document, flags=re.MULTILINE)
    documented: dict[str, set[str]] = {}
    for section in sections[1:]:
        title, _, body = section.partition("\n")
        documented[title.strip()] = set(re.findall(r"^\| `([^`]+)`", body, flags=re.MULTILINE))
    models = [
        value
        for value in vars(model_module).values()
        if isinstance(value, type)
        and issubclass(value, model_module.Model)
        and value not in (model_module.Model, model_module.Organisation)
    ]
    for model in models:
        assert model.__name__ in documented, f"docs/data-model.md has no section {model.__name__}"
        missing = set(model.model_fields) - documented[model.__name__]
        assert not missing, f"{model.__name__}: fields not documented: {sorted(missing)}"
