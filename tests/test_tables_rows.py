"""Row numbers, cells and short rows of CSV files with quoting, line breaks in cells and blank
lines.

The fast reader counts records and cells with whole-column operations; this compares it, on
generated files, with where Python's `csv` module writes each record.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from compliance.data import codes
from compliance.data.tables import read_table
from compliance.diagnostics import InputError


class Rad(BaseModel):
    id: str
    a: str | None = None
    b: str | None = None


CELLS = st.text(alphabet='ab ;",\né', max_size=6)
# Each record's two cells, whether it is written without its last cell, and the blank lines
# written before it.
RECORDS = st.lists(
    st.tuples(CELLS, CELLS, st.booleans(), st.integers(min_value=0, max_value=2)), max_size=8
)
Records = list[tuple[str, str, bool, int]]


def written(records: Records) -> tuple[str, list[int], list[int], list[tuple[str | None, ...]]]:
    """The CSV text, the row each record starts on, the rows of the short records, and the
    cells as they should be read."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["id", "a", "b"])
    starts: list[int] = []
    short: list[int] = []
    expected: list[tuple[str | None, ...]] = []
    for index, (a, b, cut, blank_lines) in enumerate(records):
        out.write("\n" * blank_lines)
        starts.append(out.getvalue().count("\n") + 1)
        row = (f"R{index}", a, b)
        writer.writerow(row[:2] if cut else row)
        if cut:
            short.append(starts[-1])
        expected.append(tuple(cell.strip() or None for cell in row))
    return out.getvalue(), starts, short, expected


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rows")


@settings(max_examples=300, deadline=None)
@given(records=RECORDS)
@example(records=[("rad ett\nrad två", "", False, 1), ('sa "hej"', ";", False, 0)])
@example(records=[("  ", "a", False, 0), ("b", "\n\n", True, 0), ("x", "", False, 1)])
@example(records=[('"', "x", False, 0), ("y", "", True, 2), ("z", "", False, 0)])
def test_rows_cells_and_short_rows_match_what_was_written(folder: Path, records: Records) -> None:
    text, starts, short, expected = written(records)
    path = folder / "rader.csv"
    path.write_text(text, encoding="utf-8")
    if short:
        with pytest.raises(InputError) as caught:
            read_table(path, display="rader.csv", collection="rader", model=Rad)
        found = caught.value.diagnostics
        assert {d.code for d in found} == {codes.RAGGED_ROW}
        assert [d.span.line for d in found if d.span is not None] == short
        return
    table = read_table(path, display="rader.csv", collection="rader", model=Rad)
    assert list(table.rows) == starts
    assert table.frame.select("id", "a", "b").rows() == expected
