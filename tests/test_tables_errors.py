"""Problems in table files: each reported with its code, row, column number and column name."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pydantic import BaseModel

from compliance.data import codes
from compliance.data.model import Indikator, Kommun, Nämnd, Rapport, Synpunkt
from compliance.data.tables import TableLimits, TableOptions, read_table
from compliance.diagnostics import Diagnostic, InputError, render_diagnostic

SYNPUNKTER = "id;nämnd;inkommen;besvarad;kategori\n"


def problems(
    tmp_path: Path,
    name: str,
    content: str | bytes,
    model: type[BaseModel] = Synpunkt,
    *,
    options: TableOptions | None = None,
    limits: TableLimits | None = None,
) -> list[Diagnostic]:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(InputError) as caught:
        read_table(
            path,
            display=name,
            collection="samling",
            model=model,
            options=options or TableOptions(),
            limits=limits or TableLimits(),
        )
    return caught.value.diagnostics


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, [render_diagnostic(d) for d in diagnostics]
    return diagnostics[0]


def at(diagnostic: Diagnostic) -> tuple[str, int, int]:
    assert diagnostic.span is not None, render_diagnostic(diagnostic)
    return diagnostic.span.file, diagnostic.span.line, diagnostic.span.column


# --- Cells ---------------------------------------------------------------------------------


def test_an_impossible_date_is_reported_at_its_row_and_column(tmp_path: Path) -> None:
    text = SYNPUNKTER + "S1;bn;2025-01-02;;\nS2;bn;2025-02-30;;\n"
    problem = only(problems(tmp_path, "synpunkter.csv", text))
    assert problem.code == codes.INVALID_DATE
    assert at(problem) == ("synpunkter.csv", 3, 3)
    assert problem.message == (
        "column `inkommen`: expected a date such as `2025-05-31`, found `2025-02-30` "
        "(day is out of range for month)"
    )
    assert render_diagnostic(problem).startswith("synpunkter.csv:3:3: error[E323]: column")


def test_a_date_not_written_as_yyyy_mm_dd(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "s.csv", SYNPUNKTER + "S1;bn;2025-1-5;;\n"))
    assert (problem.code, at(problem)) == (codes.INVALID_DATE, ("s.csv", 2, 3))
    assert "found `2025-1-5`" in problem.message
    assert problem.help == "write dates as YYYY-MM-DD"


def test_a_missing_required_value(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "s.csv", SYNPUNKTER + "S1;  ;2025-01-02;;\n"))
    assert (problem.code, at(problem)) == (codes.MISSING_FIELD, ("s.csv", 2, 2))
    assert problem.message == "column `nämnd`: missing required value"


def test_a_value_that_is_not_allowed_gets_a_suggestion(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "s.csv", SYNPUNKTER + "S1;bn;2025-01-02;;klagomal\n"))
    assert (problem.code, at(problem)) == (codes.NOT_ALLOWED_VALUE, ("s.csv", 2, 5))
    assert problem.message.startswith(
        "column `kategori`: `klagomal` is not a valid `kategori`; expected one of `synpunkt`"
    )
    assert problem.help == "did you mean `klagomål`?"


def test_a_word_in_a_list_column_that_is_not_allowed(tmp_path: Path) -> None:
    text = "id;typ;period;innehåll\nR1;årsberättelse;2025;synpunkter, ekonomy\n"
    problem = only(problems(tmp_path, "r.csv", text, Rapport))
    assert (problem.code, at(problem)) == (codes.NOT_ALLOWED_VALUE, ("r.csv", 2, 4))
    assert problem.message.startswith("column `innehåll`: `ekonomy` is not a valid `innehåll`")
    assert problem.help == "did you mean `ekonomi`?"


def test_text_in_a_number_column(tmp_path: Path) -> None:
    text = "id;namn;målvärde\nI1;Andel;tolv\n"
    problem = only(problems(tmp_path, "i.csv", text, Indikator))
    assert (problem.code, at(problem)) == (codes.WRONG_TYPE, ("i.csv", 2, 3))
    assert problem.message == "column `målvärde`: expected a number, found `tolv`"


def test_a_number_with_the_other_decimal_mark_says_which_mark_is_read(tmp_path: Path) -> None:
    text = "id;namn;målvärde\nI1;Andel;87,5\nI2;Antal;87.5\n"
    problem = only(problems(tmp_path, "i.csv", text, Indikator))
    assert (problem.code, at(problem)) == (codes.WRONG_TYPE, ("i.csv", 3, 3))
    assert problem.help is not None
    assert "with `,` as the decimal mark" in problem.help
    assert 'decimaltecken: "."' in problem.help


def test_a_decimal_in_a_whole_number_column(tmp_path: Path) -> None:
    text = "id;namn;invånare\nK;Haninge;97 000,5\n"
    problem = only(problems(tmp_path, "k.csv", text, Kommun))
    assert (problem.code, at(problem)) == (codes.WRONG_TYPE, ("k.csv", 2, 3))
    assert problem.message == "column `invånare`: expected a whole number, found `97 000,5`"


def test_a_value_below_its_minimum(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "k.csv", "id;namn;invånare\nK;Haninge;-5\n", Kommun))
    assert (problem.code, at(problem)) == (codes.CONSTRAINT, ("k.csv", 2, 3))
    assert problem.message == "column `invånare`: `invånare` must be at least 0, found `-5`"


def test_a_yes_no_column_with_another_word(tmp_path: Path) -> None:
    text = "id;namn;bedömt_uppnås\nI1;Andel;kanske\n"
    problem = only(problems(tmp_path, "i.csv", text, Indikator))
    assert (problem.code, at(problem)) == (codes.WRONG_TYPE, ("i.csv", 2, 3))
    assert problem.message == (
        "column `bedömt_uppnås`: expected yes or no (`ja`, `nej`, `true`, `false`, `sant`, "
        "`falskt`), found `kanske`"
    )


def test_an_invalid_period(tmp_path: Path) -> None:
    text = "id;typ;period\nR1;årsberättelse;2025-T4\nR2;årsberättelse;2025-T4\n"
    found = problems(tmp_path, "r.csv", text, Rapport)
    assert [(d.code, at(d)) for d in found] == [
        (codes.INVALID_PERIOD, ("r.csv", 2, 3)),
        (codes.INVALID_PERIOD, ("r.csv", 3, 3)),
    ]
    assert found[0].message == "column `period`: `2025-T4`: a year has 3 parts of kind `T`, not 4"


def test_a_required_part_of_an_entry(tmp_path: Path) -> None:
    text = "id;typ;period;överlämnad.till;överlämnad.datum\nR1;årsberättelse;2025;;2026-03-01\n"
    problem = only(problems(tmp_path, "r.csv", text, Rapport))
    assert (problem.code, at(problem)) == (codes.MISSING_FIELD, ("r.csv", 2, 4))
    assert problem.message.startswith("column `överlämnad.till`: missing required value")


def test_many_bad_cells_are_reported_for_the_first_rows_and_then_counted(tmp_path: Path) -> None:
    text = SYNPUNKTER + "".join(f"S{i};bn;2025-13-01;;\n" for i in range(7))
    found = problems(tmp_path, "s.csv", text, limits=TableLimits(max_cell_errors=3))
    assert [at(d)[1] for d in found] == [2, 3, 4, 5]
    assert all(d.code == codes.INVALID_DATE for d in found)
    assert found[-1].message == "column `inkommen`: and 4 more rows with the same problem"
    assert at(found[-1]) == ("s.csv", 5, 3)


def test_every_problem_in_the_header_and_the_cells_is_reported_together(tmp_path: Path) -> None:
    text = "id;nämnd;inkommen;kategorie\nS1;bn;2025-02-30;x\nS2;;2025-01-01;y\n"
    found = problems(tmp_path, "s.csv", text)
    assert [(d.code, at(d)) for d in found] == [
        (codes.UNKNOWN_COLUMN, ("s.csv", 1, 4)),
        (codes.INVALID_DATE, ("s.csv", 2, 3)),
        (codes.MISSING_FIELD, ("s.csv", 3, 2)),
    ]


# --- The header ----------------------------------------------------------------------------


def test_an_unknown_column_gets_a_suggestion(tmp_path: Path) -> None:
    missing, unknown = problems(tmp_path, "s.csv", "id;nämd;inkommen\nS1;bn;2025-01-02\n")
    assert (unknown.code, at(unknown)) == (codes.UNKNOWN_COLUMN, ("s.csv", 1, 2))
    assert unknown.message == "unknown column `nämd` in a table of `samling`"
    assert unknown.help == "did you mean `nämnd`?"
    # As in YAML, the required field is then missing too.
    assert (missing.code, at(missing)) == (codes.MISSING_COLUMN, ("s.csv", 1, 1))


def test_column_names_are_exact_but_a_case_slip_is_suggested(tmp_path: Path) -> None:
    found = problems(tmp_path, "s.csv", "id;nämnd;Inkommen\nS1;bn;2025-01-02\n")
    unknown = [d for d in found if d.code == codes.UNKNOWN_COLUMN]
    assert [(at(d), d.help) for d in unknown] == [(("s.csv", 1, 3), "did you mean `inkommen`?")]


def test_an_unknown_column_without_a_near_name_lists_the_columns(tmp_path: Path) -> None:
    found = problems(tmp_path, "n.csv", "id;namn;färg\nSN;Socialnämnden;blå\n", Nämnd)
    problem = only(found)
    assert problem.help == (
        "the columns allowed are `id`, `namn`, `typ`, `lagstiftning`, `inrättad`, `upphörd`"
    )


def test_a_missing_required_column(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "s.csv", "id;nämnd\nS1;bn\n"))
    assert (problem.code, at(problem)) == (codes.MISSING_COLUMN, ("s.csv", 1, 1))
    assert problem.message == "missing required column `inkommen` in a table of `samling`"
    assert problem.help == "the required columns are `id`, `nämnd`, `inkommen`"


def test_a_missing_required_part_of_an_entry(tmp_path: Path) -> None:
    text = "id;typ;period;överlämnad.datum\nR1;årsberättelse;2025;2026-03-01\n"
    problem = only(problems(tmp_path, "r.csv", text, Rapport))
    assert problem.code == codes.MISSING_COLUMN
    assert "`överlämnad.till`" in problem.message


def test_a_duplicate_column(tmp_path: Path) -> None:
    text = "id;nämnd;inkommen;id\nS1;bn;2025-01-02;S1\n"
    problem = only(problems(tmp_path, "s.csv", text))
    assert (problem.code, at(problem)) == (codes.DUPLICATE_COLUMN, ("s.csv", 1, 4))
    assert problem.message == "column `id` is given twice (columns 1 and 4)"


def test_a_column_without_a_name(tmp_path: Path) -> None:
    # Empty trailing columns, as Excel exports them, are fine; a nameless column with values
    # is not.
    ok = tmp_path / "ok.csv"
    ok.write_text("id;nämnd;inkommen;;\nS1;bn;2025-01-02;;\n", encoding="utf-8")
    assert len(read_table(ok, display="ok.csv", collection="s", model=Synpunkt)) == 1
    problem = only(problems(tmp_path, "s.csv", "id;nämnd;inkommen;\nS1;bn;2025-01-02;x\n"))
    assert (problem.code, at(problem)) == (codes.UNKNOWN_COLUMN, ("s.csv", 1, 4))
    assert problem.message == "column 4 has values but no name in the header row"


def test_a_list_of_entries_as_one_column(tmp_path: Path) -> None:
    text = "id;typ;period;överlämnad\nR1;årsberättelse;2025;kommunfullmäktige\n"
    problem = only(problems(tmp_path, "r.csv", text, Rapport))
    assert (problem.code, at(problem)) == (codes.UNSUPPORTED_COLUMN, ("r.csv", 1, 4))
    assert problem.help == (
        "give the parts as the columns `överlämnad.till`, `överlämnad.datum`, `överlämnad.paragraf`"
    )


# --- Rows ----------------------------------------------------------------------------------


def test_ragged_rows_say_the_row_and_the_counts(tmp_path: Path) -> None:
    text = SYNPUNKTER + "S1;bn;2025-01-02;;\nS2;bn;2025-01-02\nS3;bn;2025-01-02;;;;x\n"
    found = problems(tmp_path, "s.csv", text)
    assert [(d.code, at(d), d.message) for d in found] == [
        (codes.RAGGED_ROW, ("s.csv", 3, 1), "row 3 has 3 cells, but the header row has 5 columns"),
        (codes.RAGGED_ROW, ("s.csv", 4, 1), "row 4 has 7 cells, but the header row has 5 columns"),
    ]


def test_ragged_rows_are_found_in_quoted_files_too(tmp_path: Path) -> None:
    text = SYNPUNKTER + '"S1";"b;n";2025-01-02;;\n"S2";"bn\nbn";2025-01-02;\n'
    problem = only(problems(tmp_path, "s.csv", text))
    assert (problem.code, at(problem)) == (codes.RAGGED_ROW, ("s.csv", 3, 1))
    assert problem.message == "row 3 has 4 cells, but the header row has 5 columns"


def test_many_ragged_rows_are_counted(tmp_path: Path) -> None:
    text = SYNPUNKTER + "S1;bn\n" * 5
    found = problems(tmp_path, "s.csv", text, limits=TableLimits(max_cell_errors=2))
    assert [at(d)[1] for d in found] == [2, 3, 4]
    assert found[-1].message == "and 3 more rows with the wrong number of cells"


def test_a_value_right_of_the_last_named_column_of_a_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["id", "nämnd", "inkommen"])
    sheet.append(["S1", "bn", date(2025, 1, 2), None, "kvar"])
    workbook.save(tmp_path / "s.xlsx")
    problem = only(problems(tmp_path, "s.xlsx", (tmp_path / "s.xlsx").read_bytes()))
    assert (problem.code, at(problem)) == (codes.RAGGED_ROW, ("s.xlsx", 2, 1))
    assert problem.message == "row 2 has 5 cells, but the header row has 3 columns"


def test_an_unclosed_quote_is_reported_where_its_row_starts(tmp_path: Path) -> None:
    text = SYNPUNKTER + 'S1;bn;2025-01-02;;\nS2;"bn;2025-01-02;;\nS3;bn;2025-01-02;;\n'
    problem = only(problems(tmp_path, "s.csv", text))
    assert (problem.code, at(problem)) == (codes.MALFORMED_CSV, ("s.csv", 3, 1))
    assert problem.message == "a quoted cell in this row is never closed"


def test_too_many_rows(tmp_path: Path) -> None:
    text = SYNPUNKTER + "S1;bn;2025-01-02;;\n" * 4
    problem = only(problems(tmp_path, "s.csv", text, limits=TableLimits(max_rows=3)))
    assert problem.code == codes.TOO_MANY_ROWS
    assert problem.message == "the table has more than 3 rows; it is refused"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [["id", "nämnd", "inkommen"], *[["S", "bn", "2025-01-02"]] * 4]:
        sheet.append(row)
    workbook.save(tmp_path / "s.xlsx")
    content = (tmp_path / "s.xlsx").read_bytes()
    problem = only(problems(tmp_path, "s.xlsx", content, limits=TableLimits(max_rows=3)))
    assert problem.code == codes.TOO_MANY_ROWS


# --- Separators and encodings ----------------------------------------------------------------


def test_a_header_with_as_many_of_two_separators(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "n.csv", "id;namn,typ\n1;2,3\n", Nämnd))
    assert problem.code == codes.UNKNOWN_SEPARATOR
    assert problem.message == (
        "cannot tell the column separator: the header row has 1 each of `;` and `,`"
    )
    assert problem.help is not None and "avgränsare:" in problem.help


def test_a_header_of_one_column_with_another_separator_in_it(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "n.csv", "id|namn\nSN|Socialnämnden\n", Nämnd))
    assert problem.code == codes.UNKNOWN_SEPARATOR
    assert (
        problem.help == 'if `|` separates the columns, declare it with the table: `avgränsare: "|"`'
    )
    declared = TableOptions(separator=",")
    problem = only(problems(tmp_path, "n.csv", "id;namn\nSN;X\n", Nämnd, options=declared))
    assert problem.message == "the header row is one column when split at `,`, but it contains `;`"


def test_text_that_is_neither_utf8_nor_windows_1252(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "n.csv", b"id;namn\nSN;\x81\n", Nämnd))
    assert (problem.code, at(problem)) == (codes.NOT_UTF8, ("n.csv", 2, 1))
    assert problem.message == (
        "the file is neither UTF-8 nor Windows-1252 text: byte 0x81 on row 2 cannot be read"
    )


def test_a_byte_order_mark_promises_utf8(tmp_path: Path) -> None:
    content = b"\xef\xbb\xbfid;namn\nSN;S\xe4rskilda\n"
    problem = only(problems(tmp_path, "n.csv", content, Nämnd))
    assert (problem.code, at(problem)) == (codes.NOT_UTF8, ("n.csv", 2, 1))
    assert problem.message.startswith("the file is not valid UTF-8 text: byte 0xe4 on row 2")
    declared = TableOptions(encoding="utf-8")
    problem = only(problems(tmp_path, "n.csv", b"id;namn\nSN;\xe4\n", Nämnd, options=declared))
    assert problem.code == codes.NOT_UTF8


def test_utf16_nul_bytes_and_a_workbook_named_csv(tmp_path: Path) -> None:
    assert only(problems(tmp_path, "a.csv", "id;namn\n".encode("utf-16"))).code == codes.NOT_UTF8
    assert only(problems(tmp_path, "b.csv", b"id;namn\n\x00\x01\n")).code == codes.BINARY
    workbook = only(problems(tmp_path, "c.csv", b"PK\x03\x04" + b"\x00" * 20))
    assert workbook.code == codes.BINARY
    assert workbook.message.endswith("(it looks like an Excel workbook)")


def test_an_empty_file(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "s.csv", "\n  \n"))
    assert (problem.code, problem.file, problem.span) == (codes.EMPTY, "s.csv", None)


def test_bad_options(tmp_path: Path) -> None:
    text = SYNPUNKTER
    bad_encoding = TableOptions(encoding="klingonska")
    assert only(problems(tmp_path, "s.csv", text, options=bad_encoding)).code == codes.NOT_UTF8
    bad_separator = TableOptions(separator=";;")
    found = only(problems(tmp_path, "s.csv", text, options=bad_separator))
    assert found.code == codes.UNKNOWN_SEPARATOR
    bad_decimal = TableOptions(decimal=";")
    assert only(problems(tmp_path, "s.csv", text, options=bad_decimal)).code == codes.INVALID_VALUE


# --- Workbooks -------------------------------------------------------------------------------


def test_a_damaged_workbook(tmp_path: Path) -> None:
    problem = only(problems(tmp_path, "s.xlsx", b"PK\x03\x04 not really a zip file"))
    assert (problem.code, problem.file) == (codes.UNREADABLE_WORKBOOK, "s.xlsx")
    assert problem.message.startswith("the Excel file cannot be read: ")


def test_a_missing_sheet_gets_a_suggestion(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Info"
    workbook.create_sheet("Synpunkter")
    workbook.save(tmp_path / "s.xlsx")
    content = (tmp_path / "s.xlsx").read_bytes()
    problem = only(problems(tmp_path, "s.xlsx", content, options=TableOptions(sheet="synpunkter")))
    assert problem.code == codes.UNREADABLE_WORKBOOK
    assert problem.message == (
        "the workbook has no sheet named `synpunkter`; its sheets are `Info`, `Synpunkter`"
    )
    assert problem.help == "did you mean `Synpunkter`?"


def test_an_empty_sheet(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "s.xlsx")
    problem = only(problems(tmp_path, "s.xlsx", (tmp_path / "s.xlsx").read_bytes()))
    assert problem.code == codes.EMPTY


@pytest.mark.parametrize("name", ["s.xls", "s.ods", "s.xlsb"])
def test_spreadsheet_formats_that_are_not_read(tmp_path: Path, name: str) -> None:
    problem = only(problems(tmp_path, name, b"\xd0\xcf\x11\xe0"))
    assert problem.code == codes.UNSUPPORTED_TABLE_FORMAT
    assert problem.help == "save it as an Excel workbook (.xlsx) or as CSV"


# --- The file itself -------------------------------------------------------------------------


def _file_problem(path: Path, display: str, limits: TableLimits | None = None) -> Diagnostic:
    with pytest.raises(InputError) as caught:
        read_table(
            path, display=display, collection="s", model=Synpunkt, limits=limits or TableLimits()
        )
    return only(caught.value.diagnostics)


def test_a_missing_file_suggests_a_table_with_a_similar_name(tmp_path: Path) -> None:
    (tmp_path / "synpunkter.csv").write_text(SYNPUNKTER, encoding="utf-8")
    problem = _file_problem(tmp_path / "synpunketr.csv", "synpunketr.csv")
    assert (problem.code, problem.message) == (
        codes.FILE_NOT_FOUND,
        "no such file: `synpunketr.csv`",
    )
    assert problem.help == "did you mean `synpunkter.csv`?"
    assert problem.span is None  # the loader places it at the table's declaration


def test_a_directory_and_a_pipe_are_not_tables(tmp_path: Path) -> None:
    assert _file_problem(tmp_path, "data").code == codes.IS_DIRECTORY
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.csv")
        problem = _file_problem(tmp_path / "pipe.csv", "pipe.csv")
        assert (problem.code, problem.message) == (
            codes.UNREADABLE,
            "cannot read `pipe.csv`: it is not a regular file",
        )


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(SYNPUNKTER + "S1;bn;2025-01-02;;\n", encoding="utf-8")
    problem = _file_problem(path, "s.csv", TableLimits(max_bytes=16))
    assert problem.code == codes.TOO_LARGE
    assert problem.message == "the table is larger than 16 bytes; it is refused"


class Adress(BaseModel):
    gata: str


class Kontor(BaseModel):
    id: str
    adress: Adress | None = None
    telefon: list[str] | None = None


def test_fields_a_table_cannot_hold_are_named_with_the_reason(tmp_path: Path) -> None:
    text = "id;adress;telefon\nK1;Storgatan 1;08-123\n"
    found = problems(tmp_path, "k.csv", text, Kontor)
    assert [(d.code, at(d), d.message) for d in found] == [
        (
            codes.UNSUPPORTED_COLUMN,
            ("k.csv", 1, 2),
            "column `adress` cannot be read from a table: `adress` holds one nested entry",
        ),
        (
            codes.UNSUPPORTED_COLUMN,
            ("k.csv", 1, 3),
            "column `telefon` cannot be read from a table: `telefon` holds a list of values",
        ),
    ]
    assert found[0].help == "declare `adress` in YAML instead"
