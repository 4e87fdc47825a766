"""JSON reports are written by orjson when it can, yet read exactly like the standard library's."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_sarif_output import haninge_report, varied_report

from compliance.data.dataset import Location
from compliance.findings import Evidence
from compliance.followup.comparing import compare
from compliance.followup.reading import read_report
from compliance.followup.render_json import diff_document
from compliance.reporters.json import report_document
from compliance.reporters.json_text import indented_json, indented_json_bytes
from compliance.reporters.sarif import sarif_log

# The values our documents are made of: no floats (see `no_floats` below).
scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text()
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@given(documents)
def test_the_fast_text_is_the_standard_librarys_text(document: Any) -> None:
    assert indented_json(document) == standard(document)


def test_every_character_is_escaped_as_the_standard_library_escapes_it() -> None:
    every = "".join(chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000) + "😀\U0010ffff"
    document = {"text": every, "nested": [{}, [], {"empty": []}], every: None}
    assert indented_json(document) == standard(document)


def test_what_orjson_refuses_is_written_by_the_standard_library() -> None:
    lone_surrogate = {"text": "\ud800 från en YAML-escape"}
    beyond_64_bits = {"count": 2**70}
    for document in (lone_surrogate, beyond_64_bits):
        assert indented_json(document) == standard(document)


@given(documents)
def test_the_bytes_are_the_text_in_utf8(document: Any) -> None:
    assert indented_json_bytes(document) == indented_json(document).encode("utf-8")


def test_what_orjson_refuses_has_the_bytes_of_the_standard_librarys_text() -> None:
    beyond_64_bits = {"count": [2**70, -(2**64)], "text": "smörgåsbord 😀"}
    assert indented_json_bytes(beyond_64_bits) == standard(beyond_64_bits).encode("utf-8")
    lone_surrogate = {"file": "syn\udcff.yaml"}  # a file name that is not UTF-8
    with pytest.raises(UnicodeEncodeError) as from_text:
        indented_json(lone_surrogate).encode("utf-8")
    with pytest.raises(UnicodeEncodeError) as from_bytes:
        indented_json_bytes(lone_surrogate)
    assert str(from_bytes.value) == str(from_text.value)


def floats_in(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for item in value.values() for f in floats_in(item)]
    if isinstance(value, list | tuple):
        return [f for item in value for f in floats_in(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # evidence, locations
        return floats_in([getattr(value, field.name) for field in dataclasses.fields(value)])
    return []


def test_reports_hold_no_floats_orjson_would_spell_differently(tmp_path: Path) -> None:
    report = varied_report()
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    before.write_text(indented_json(report_document(haninge_report())), "utf-8")
    after.write_text(indented_json(report_document(report)), "utf-8")
    diff = compare(read_report(before), read_report(after))
    for document in (report_document(report), sarif_log(report), diff_document(diff)):
        assert floats_in(document) == []
        assert len(indented_json(document)) > 1000


def test_dataclasses_are_written_as_objects_of_their_fields_by_either_encoder() -> None:
    located = Evidence(
        "2 av 14 synpunkter", "synpunkter[3]", "2025-03-14", Location("f.yaml", 3, 5)
    )
    as_dicts = {
        "text": "2 av 14 synpunkter",
        "path": "synpunkter[3]",
        "value": "2025-03-14",
        "location": {"file": "f.yaml", "line": 3, "column": 5},
    }
    for extra in ("", "\ud800"):  # a lone surrogate sends the document to the standard library
        document = {"evidence": [located, Evidence("utan plats" + extra)], "note": extra}
        plain = {"evidence": [as_dicts, _bare("utan plats" + extra)], "note": extra}
        assert indented_json(document) == standard(plain)


def _bare(text: str) -> dict[str, Any]:
    return {"text": text, "path": None, "value": None, "location": None}


def test_a_value_that_is_no_json_value_is_still_refused() -> None:
    for document in ({"other": object()}, {"text": "\ud800", "other": object()}):
        with pytest.raises(TypeError):
            indented_json(document)
        with pytest.raises(TypeError):
            indented_json_bytes(document)
