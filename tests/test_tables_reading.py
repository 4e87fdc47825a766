"""Reading CSV and XLSX tables: detection of Swedish exports, typed columns, rows and models."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
from pydantic import BaseModel

from compliance.data.dataset import Location
from compliance.data.model import (
    Beslut,
    Indikator,
    Nämnd,
    Rapport,
    Synpunkt,
    Utförare,
    Överlämnande,
)
from compliance.data.tables import Table, TableOptions, read_table
from compliance.periods import Period

SYNPUNKTER = "id;nämnd;inkommen;besvarad;kategori\n"


def write(directory: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = directory / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def read(path: Path, model: type[BaseModel], collection: str, **options: str | None) -> Table:
    return read_table(
        path,
        display=path.name,
        collection=collection,
        model=model,
        options=TableOptions(**options),
    )


# --- Swedish CSV exports ------------------------------------------------------------------


def test_semicolon_decimal_comma_and_byte_order_mark(tmp_path: Path) -> None:
    text = (
        "id;namn;period;målvärde;utfall;bedömt_uppnås;riktning\n"
        "IND-1;Andel nöjda;2025-T2;87,5;1\u00a0234,5;Ja;\n"
        "IND-2;Väntetid;2025;-3;12;nej;lägre_är_bättre\n"
    )
    path = write(tmp_path, "indikatorer.csv", text, "utf-8-sig")
    table = read(path, Indikator, "indikatorer")
    assert (table.encoding, table.separator, table.decimal) == ("utf-8-sig", ";", ",")
    assert table.frame.schema == pl.Schema(
        {
            "id": pl.String,
            "namn": pl.String,
            "period": pl.String,
            "målvärde": pl.Float64,
            "utfall": pl.Float64,
            "bedömt_uppnås": pl.Boolean,
            "riktning": pl.String,
        }
    )
    assert table.frame.rows() == [
        ("IND-1", "Andel nöjda", "2025-T2", 87.5, 1234.5, True, "högre_är_bättre"),
        ("IND-2", "Väntetid", "2025", -3.0, 12.0, False, "lägre_är_bättre"),
    ]
    assert table.columns == {
        "id": 1,
        "namn": 2,
        "period": 3,
        "målvärde": 4,
        "utfall": 5,
        "bedömt_uppnås": 6,
        "riktning": 7,
    }
    assert list(table.rows) == [2, 3]
    assert len(table) == 2


def test_comma_separated_with_decimal_point(tmp_path: Path) -> None:
    text = 'id,namn,målvärde,utfall\nIND-1,"Andel, i procent",87.5,"1 234.5"\nIND-2,Antal,12,\n'
    table = read(write(tmp_path, "indikatorer.csv", text), Indikator, "indikatorer")
    assert (table.encoding, table.separator, table.decimal) == ("utf-8", ",", ".")
    assert table.frame.rows() == [
        ("IND-1", "Andel, i procent", 87.5, 1234.5),
        ("IND-2", "Antal", 12.0, None),
    ]


def test_windows_1252_from_older_excel(tmp_path: Path) -> None:
    text = "id;namn;typ;upphörd\nÄN;Äldrenämnden;facknämnd;2024-12-31\nÖF;Överförmyndarnämnden;;\n"
    path = write(tmp_path, "nämnder.csv", text, "cp1252")
    table = read(path, Nämnd, "nämnder")
    assert table.encoding == "cp1252"
    assert table.columns["upphörd"] == 4
    assert table.frame["namn"].to_list() == ["Äldrenämnden", "Överförmyndarnämnden"]
    assert table.frame["upphörd"].to_list() == [date(2024, 12, 31), None]


def test_declared_encoding_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, "nämnder.csv", "id;namn\nÅN;Åtvidaberg\n", "cp1252")
    table = read(path, Nämnd, "nämnder", encoding="cp1252")
    assert (table.encoding, table.frame["id"].to_list()) == ("cp1252", ["ÅN"])


def test_tab_separated(tmp_path: Path) -> None:
    path = write(tmp_path, "nämnder.txt", "id\tnamn\ttyp\nVN\tValnämnden\tvalnämnd\n")
    table = read(path, Nämnd, "nämnder")
    assert (table.separator, table.frame.row(0)) == ("\t", ("VN", "Valnämnden", "valnämnd"))


def test_declared_separator_and_decimal_override_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "indikatorer.csv", "id|namn|målvärde\nI1|Andel|1,5\n")
    table = read(path, Indikator, "indikatorer", separator="|", decimal=",")
    assert (table.separator, table.decimal) == ("|", ",")
    assert table.frame["målvärde"].to_list() == [1.5]


def test_decimal_mark_of_a_semicolon_file_without_decimals_is_a_comma(tmp_path: Path) -> None:
    path = write(tmp_path, "indikatorer.csv", "id;namn;målvärde\nI1;Andel;90\n")
    assert read(path, Indikator, "indikatorer").decimal == ","
    path = write(tmp_path, "indikatorer2.csv", "id,namn,målvärde\nI1,Andel,90\n")
    assert read(path, Indikator, "indikatorer").decimal == "."


# --- Rows, blank lines, quoting and white space --------------------------------------------


def test_blank_lines_and_empty_rows_are_skipped_but_keep_row_numbers(tmp_path: Path) -> None:
    text = (
        SYNPUNKTER
        + "S1;bn;2025-01-02;;\n\n;;;;\nS2;bn;2025-01-03;2025-01-04;beröm\n  ;  ; ; ;\n"
        + "S3;bn;2025-01-05;;\n\n\n"
    )
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    assert table.frame["id"].to_list() == ["S1", "S2", "S3"]
    assert list(table.rows) == [2, 5, 7]
    assert table.location(1, "besvarad") == Location("synpunkter.csv", 5, 4)
    assert table.location(2, None) == Location("synpunkter.csv", 7, 1)
    assert table.location(0, "enhet") == Location("synpunkter.csv", 2, 1)


def test_windows_line_ends(tmp_path: Path) -> None:
    text = (SYNPUNKTER + "S1;bn;2025-01-02;;\n\nS2;bn;2025-01-03;;fråga\n").replace("\n", "\r\n")
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    assert table.frame["kategori"].to_list() == ["synpunkt", "fråga"]
    assert list(table.rows) == [2, 4]


def test_quoted_cells_with_separators_quotes_and_line_breaks(tmp_path: Path) -> None:
    text = (
        "id;nämnd;inkommen;åtgärd\n"
        '"S1";"b;n";2025-01-02;"rad ett\nrad två"\n'
        'S2;bn;2025-01-03;"sa ""hej"""\n'
        "\n"
        'S3;bn;2025-01-04;""\n'
    )
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    assert table.frame.select("id", "nämnd", "åtgärd").rows() == [
        ("S1", "b;n", "rad ett\nrad två"),
        ("S2", "bn", 'sa "hej"'),
        ("S3", "bn", None),
    ]
    assert list(table.rows) == [2, 4, 6]


def test_a_quote_inside_an_unquoted_cell_is_text(tmp_path: Path) -> None:
    text = 'id;nämnd;inkommen;åtgärd\nS1;bn;2025-01-02;15" skärm\nS2;bn;2025-01-03;\n'
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    assert table.frame["åtgärd"].to_list() == ['15" skärm', None]
    assert list(table.rows) == [2, 3]


def test_cells_are_stripped_and_empty_cells_are_null(tmp_path: Path) -> None:
    text = SYNPUNKTER + " S1 ; bn ;  2025-01-02 ;   ; beröm \n"
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    assert table.frame.row(0) == ("S1", "bn", date(2025, 1, 2), None, "beröm")


def test_a_header_without_rows_is_an_empty_table(tmp_path: Path) -> None:
    table = read(write(tmp_path, "synpunkter.csv", SYNPUNKTER), Synpunkt, "synpunkter")
    assert len(table) == 0
    assert list(table.rows) == []
    assert table.frame.schema["inkommen"] == pl.Date
    assert table.models() == []


def test_digest_is_of_the_file_bytes_and_the_file_is_left_as_it_was(tmp_path: Path) -> None:
    content = (SYNPUNKTER + "S1;bn;2025-01-02;;\n").encode("utf-8-sig")
    path = write(tmp_path, "synpunkter.csv", content)
    before = path.stat()
    table = read(path, Synpunkt, "synpunkter")
    assert table.digest == hashlib.sha256(content).hexdigest()
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    assert (table.file, table.collection) == ("synpunkter.csv", "synpunkter")


# --- Models --------------------------------------------------------------------------------


def test_models_use_defaults_for_absent_columns_and_empty_cells(tmp_path: Path) -> None:
    text = SYNPUNKTER + "S1;bn;2025-01-02;;\nS2;bn;2025-01-03;2025-01-07;klagomål\n"
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    # The empty `kategori` is the default in the frame too, so both views agree.
    assert table.frame["kategori"].to_list() == ["synpunkt", "klagomål"]
    first, second = table.models()
    assert first == Synpunkt(id="S1", nämnd="bn", inkommen=date(2025, 1, 2))
    assert (first.besvarad, first.kategori, first.enhet) == (None, "synpunkt", None)
    assert second.besvarad == date(2025, 1, 7)
    assert table.models() is table.models()


def test_list_of_entries_as_dotted_columns_and_list_of_words(tmp_path: Path) -> None:
    text = (
        "id;typ;period;överlämnad.till;överlämnad.datum;innehåll\n"
        "R1;årsberättelse;2025;kommunfullmäktige;2026-03-01;synpunkter, ekonomi\n"
        "R2;delårsrapport;2025-H1;;;\n"
        "R3;årsberättelse;2025;revisorerna;;synpunkter\n"
    )
    table = read(write(tmp_path, "rapporter.csv", text), Rapport, "rapporter")
    assert table.frame.columns == [
        "id",
        "typ",
        "period",
        "överlämnad.till",
        "överlämnad.datum",
        "innehåll",
    ]
    assert table.frame["överlämnad.datum"].dtype == pl.Date
    assert table.frame["innehåll"].to_list() == ["synpunkter, ekonomi", None, "synpunkter"]
    r1, r2, r3 = table.models()
    assert isinstance(r1, Rapport) and isinstance(r2, Rapport) and isinstance(r3, Rapport)
    assert r1.period == Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    assert r2.period.end == date(2025, 6, 30)
    assert r1.överlämnad is not None and len(r1.överlämnad) == 1
    assert (r1.överlämnad[0].till, r1.överlämnad[0].datum) == (
        "kommunfullmäktige",
        date(2026, 3, 1),
    )
    assert r1.innehåll == ["synpunkter", "ekonomi"]
    assert (r2.överlämnad, r2.innehåll) == (None, None)
    assert r3.överlämnad is not None and r3.överlämnad[0].datum is None


def test_entries_of_a_list_field_with_yes_no_parts(tmp_path: Path) -> None:
    text = (
        "id;namn;regi;nämnd;avtal.giltigt_från;avtal.insyn\n"
        "U1;Omsorg AB;privat;sn;2024-01-01;ja\n"
        "U2;Egen regi;egen_regi;sn;;\n"
    )
    table = read(write(tmp_path, "utförare.csv", text), Utförare, "utförare")
    first, second = table.models()
    assert isinstance(first, Utförare) and isinstance(second, Utförare)
    assert first.avtal is not None
    assert (first.avtal[0].giltigt_från, first.avtal[0].insyn) == (date(2024, 1, 1), True)
    assert first.avtal[0].kvalitetskrav is None
    assert second.avtal is None


def test_list_of_words_defaults_to_an_empty_list(tmp_path: Path) -> None:
    text = "id;namn;lagstiftning\nSN;Socialnämnden;SoL, LSS\nKN;Kulturnämnden;\n"
    table = read(write(tmp_path, "nämnder.csv", text), Nämnd, "nämnder")
    first, second = table.models()
    assert isinstance(first, Nämnd) and isinstance(second, Nämnd)
    assert (first.lagstiftning, second.lagstiftning) == (["SoL", "LSS"], [])
    assert (first.typ, second.typ) == ("facknämnd", "facknämnd")


# --- Excel workbooks -----------------------------------------------------------------------


def _workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Info"
    info["A1"] = "Synpunkter exporterade ur ärendesystemet"
    sheet = workbook.create_sheet("Synpunkter")
    sheet.append(["id", "nämnd", "inkommen", "besvarad", "kategori", "åtgärd"])
    sheet.append(["S1", "bn", date(2025, 5, 31), datetime(2025, 6, 2, 14, 30), "beröm", None])
    sheet.append([])
    sheet.append(["S2", "bn", "2025-06-01", None, None, 42])
    workbook.save(path)
    return path


def test_xlsx_sheet_chosen_by_name_with_date_and_number_cells(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "synpunkter.xlsx")
    table = read(path, Synpunkt, "synpunkter", sheet="Synpunkter")
    assert (table.encoding, table.separator, table.decimal) == ("utf-8", None, ".")
    assert table.frame.rows() == [
        ("S1", "bn", date(2025, 5, 31), date(2025, 6, 2), "beröm", None),
        ("S2", "bn", date(2025, 6, 1), None, "synpunkt", "42"),
    ]
    assert list(table.rows) == [2, 4]
    assert table.columns["åtgärd"] == 6
    assert table.digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_xlsx_number_yes_no_and_text_cells_below_empty_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A3"] = "id"  # the header is the first row with anything in it
    for column, name in enumerate(["namn", "målvärde", "utfall", "bedömt_uppnås", "period"], 2):
        sheet.cell(row=3, column=column, value=name)
    sheet.append(["I1", "Andel", 87.5, 12.0, True, 2025])
    sheet.append(["I2", "Antal", " 90 ", None, "nej", "2025-T2"])
    table = read(_saved(workbook, tmp_path / "indikatorer.xlsx"), Indikator, "indikatorer")
    assert table.frame.rows() == [
        ("I1", "Andel", 87.5, 12.0, True, "2025"),
        ("I2", "Antal", 90.0, None, False, "2025-T2"),
    ]
    assert list(table.rows) == [4, 5]
    first = table.models()[0]
    assert isinstance(first, Indikator) and first.period is not None
    assert first.period.label == "2025"


def test_xlsx_whole_numbers_stored_as_decimals_read_as_whole_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "organ", "ämne", "datum", "avser_år", "bifall"])
    sheet.append(["B1", "kommunfullmäktige", "ansvarsfrihet", date(2026, 4, 20), 2025.0, False])
    table = read(_saved(workbook, tmp_path / "beslut.xlsx"), Beslut, "beslut")
    assert table.frame.schema["avser_år"] == pl.Int64
    assert table.frame.row(0) == (
        "B1",
        "kommunfullmäktige",
        "ansvarsfrihet",
        date(2026, 4, 20),
        2025,
        False,
    )


def test_xlsx_first_sheet_is_read_when_none_is_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "namn"])
    sheet.append(["SN", "Socialnämnden"])
    other = workbook.create_sheet("Annat")
    other.append(["helt", "annat"])
    table = read(_saved(workbook, tmp_path / "nämnder.xlsx"), Nämnd, "nämnder")
    assert table.frame.select("id", "namn").rows() == [("SN", "Socialnämnden")]


def _saved(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def test_models_are_what_model_construct_builds(tmp_path: Path) -> None:
    text = (
        "id;typ;period;överlämnad.till;överlämnad.datum;nämnd\n"
        "R1;årsberättelse;2025;kommunfullmäktige;2026-03-01;sn\n"
    )
    table = read(write(tmp_path, "rapporter.csv", text), Rapport, "rapporter")
    (built,) = table.models()
    expected = Rapport.model_construct(
        id="R1",
        typ="årsberättelse",
        period=Period(date(2025, 1, 1), date(2025, 12, 31), "2025"),
        överlämnad=[Överlämnande.model_construct(till="kommunfullmäktige", datum=date(2026, 3, 1))],
        nämnd="sn",
    )
    assert built == expected
    assert repr(built) == repr(expected)
    assert built.model_fields_set == expected.model_fields_set
    assert built.model_dump() == expected.model_dump()
    # Validating the built model's data again gives the same model: nothing was skipped.
    assert Rapport.model_validate(built.model_dump()) == built


def test_quoted_cells_and_a_quote_inside_an_unquoted_cell(tmp_path: Path) -> None:
    # Polars refuses this mix; Python's reader takes it, as Excel would.
    text = 'id;nämnd;inkommen;åtgärd\n"S1";bn;2025-01-02;15" skärm\n\n"S2";"bn";2025-01-03;"a;b"\n'
    table = read(write(tmp_path, "synpunkter.csv", text), Synpunkt, "synpunkter")
    assert table.frame.select("id", "nämnd", "åtgärd").rows() == [
        ("S1", "bn", '15" skärm'),
        ("S2", "bn", "a;b"),
    ]
    assert list(table.rows) == [2, 4]
