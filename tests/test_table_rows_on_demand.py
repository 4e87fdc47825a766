"""A table's rows built as entities one at a time (`Table.models_at`) are the entities the
whole table gives (`Table.models`): same values, same defaults, same entries, same objects.

The near misses of a failing `finns` need a few rows of a large table; those rows are built
alone, and must not differ from what the row interpreter builds for every row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.data.dataset import Location, new_location
from compliance.data.model import Nämnd, Rapport
from compliance.data.tables import Table, read_table
from compliance.data.tables import table as table_module
from compliance.data.tables.entities import build_models

CSV = """id;typ;period;nämnd;upprättad;överlämnad.till;överlämnad.datum
r0;årsberättelse;2025;sn;2026-03-01;sn;2026-04-01
r1;delårsrapport;2025-T1;bun;;;
r2;årsberättelse;2024;;2025-02-01;ks;
r3;årsberättelse;2025;sn;;ks;2026-05-31
"""


def _table(folder: Path) -> Table:
    path = folder / "rapporter.csv"
    path.write_text(CSV, encoding="utf-8")
    return read_table(path, display="rapporter.csv", collection="rapporter", model=Rapport)


@pytest.mark.parametrize("gathered_from", [1, 64], ids=["from their cells", "one by one"])
@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 1], [2, 2, 0]])
def test_rows_built_alone_equal_the_whole_tables_rows(
    tmp_path: Path, order: list[int], gathered_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_module, "GATHERED_FROM", gathered_from)
    table = _table(tmp_path)
    whole = build_models(table.frame, Rapport)
    alone = table.models_at(order)
    assert len(alone) == len(order)
    for index, model in zip(order, alone, strict=True):
        expected = whole[index]
        assert model == expected
        assert list(model.__dict__) == list(expected.__dict__)
        assert model.model_fields_set == expected.model_fields_set
        assert model.model_dump() == expected.model_dump()
    # The entries of the list field: given parts make an entry, no parts leave it unknown.
    by_id = {model.id: model for model in alone}
    if "r1" in by_id:
        assert by_id["r1"].överlämnad is None
    if "r2" in by_id:
        entries = by_id["r2"].överlämnad
        assert entries is not None and len(entries) == 1 and entries[0].datum is None


def test_a_row_handed_out_stays_the_same_object_when_the_whole_table_is_built(
    tmp_path: Path,
) -> None:
    table = _table(tmp_path)
    first = table.models_at([2])[0]
    assert table.models_at([2])[0] is first
    models = table.models()
    assert models[2] is first
    assert table.models_at([2, 0]) == [first, models[0]]
    assert table.models_at([0])[0] is models[0]


def test_rows_built_alone_do_not_share_their_default_lists(tmp_path: Path) -> None:
    # `lagstiftning` is not a column: each nämnd gets a list of its own, as `models` gives.
    path = tmp_path / "nämnder.csv"
    path.write_text("id;namn\nsn;Socialnämnden\nbun;Barn- och utbildningsnämnden\n", "utf-8")
    table = read_table(path, display="nämnder.csv", collection="nämnder", model=Nämnd)
    one, other = table.models_at([0, 1])
    assert one.lagstiftning == [] and other.lagstiftning == []
    assert one.lagstiftning is not other.lagstiftning
    assert "lagstiftning" not in one.model_fields_set
    assert one == build_models(table.frame, Nämnd)[0]


def test_a_quickly_made_location_is_the_constructors() -> None:
    made, constructed = new_location("a.csv", 3, 2), Location("a.csv", 3, 2)
    assert made == constructed and hash(made) == hash(constructed)
    assert str(made) == "a.csv:3:2"
    assert new_location("a.csv", 3, 1) < made < new_location("a.csv", 4, 1)
    assert made != new_location("a.csv", 3, 3)
    with pytest.raises(AttributeError):
        made.line = 4  # type: ignore[misc]


@pytest.mark.parametrize("field", [None, "upprättad", "överlämnad.datum", "no such column"])
def test_a_tables_locations_at_once_are_its_locations_one_by_one(
    tmp_path: Path, field: str | None
) -> None:
    table = _table(tmp_path)
    indices = [3, 0, 2, 2]
    at_once = table.locations(indices, field)
    assert at_once == [table.location(index, field) for index in indices]
    assert [location.line for location in at_once] == [5, 2, 4, 4]
    assert len({location.column for location in at_once}) == 1
    assert table.locations([], field) == []
