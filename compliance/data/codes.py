"""Diagnostic codes for reading and checking data files (the E3xx range).

The names are used in the code; `DATA_CODES` is what the central catalogue and
docs/diagnostics.md are built from, so every code used must be listed there.
"""

from __future__ import annotations

# Reading the file.
NO_FILES = "E300"
FILE_NOT_FOUND = "E301"
IS_DIRECTORY = "E302"
UNREADABLE = "E303"
TOO_LARGE = "E304"
NOT_UTF8 = "E305"
BINARY = "E306"
# Parsing the YAML.
YAML_SYNTAX = "E307"
TAB = "E308"
EMPTY = "E309"
NOT_A_MAPPING = "E310"
MULTIPLE_DOCUMENTS = "E311"
DUPLICATE_KEY = "E312"
TOO_DEEP = "E313"
ALIAS_LIMIT = "E314"
UNSUPPORTED_YAML = "E315"
SAME_FILE_TWICE = "E316"
# Validating against the data model.
UNKNOWN_KEY = "E320"
MISSING_FIELD = "E321"
WRONG_TYPE = "E322"
INVALID_DATE = "E323"
NOT_ALLOWED_VALUE = "E324"
CONSTRAINT = "E325"
INVALID_PERIOD = "E326"
INVALID_VALUE = "E329"
# Merging several files.
KOMMUN_TWICE = "E330"
KOMMUN_MISSING = "E331"
# Checks across the merged data.
DUPLICATE_ID = "E340"
UNKNOWN_REFERENCE = "E341"
UNKNOWN_RECIPIENT = "E342"
IMPOSSIBLE_DATES = "E343"
# Reading tables (CSV and XLSX files declared under `tabeller:`).
UNKNOWN_COLUMN = "E350"
DUPLICATE_COLUMN = "E351"
MISSING_COLUMN = "E352"
RAGGED_ROW = "E353"
UNKNOWN_SEPARATOR = "E354"
UNREADABLE_WORKBOOK = "E355"
UNSUPPORTED_COLUMN = "E356"
TOO_MANY_ROWS = "E357"
UNSUPPORTED_TABLE_FORMAT = "E358"
MALFORMED_CSV = "E359"
# A defect in the loader itself, reported instead of a traceback.
INTERNAL = "E399"

DATA_CODES: dict[str, str] = {
    NO_FILES: "no data files were given",
    FILE_NOT_FOUND: "a data file does not exist",
    IS_DIRECTORY: "a directory was given where a data file is expected",
    UNREADABLE: "a data file cannot be read (permissions, not a regular file, I/O error)",
    TOO_LARGE: "a data file is larger than the loader's size limit (bytes or values)",
    NOT_UTF8: "a data file is not UTF-8 text",
    BINARY: "a data file is binary (contains NUL bytes), not YAML text",
    YAML_SYNTAX: "a YAML syntax error",
    TAB: "a tab character where YAML needs spaces",
    EMPTY: "a data file is empty",
    NOT_A_MAPPING: "the top level of a data file is not a mapping",
    MULTIPLE_DOCUMENTS: "a data file contains more than one YAML document",
    DUPLICATE_KEY: "the same key is given twice in one mapping",
    TOO_DEEP: "lists and mappings are nested deeper than the loader's limit",
    ALIAS_LIMIT: "too many aliases, an alias expansion that is too large, or a recursive alias",
    UNSUPPORTED_YAML: "a YAML feature data files do not use (tags, non-text keys, bad merges)",
    SAME_FILE_TWICE: "the same data file is given more than once",
    UNKNOWN_KEY: "a key that the data model does not have",
    MISSING_FIELD: "a required field is missing",
    WRONG_TYPE: "a value of the wrong kind (text, number, yes/no, list or mapping)",
    INVALID_DATE: "a value that is not a valid date (YYYY-MM-DD)",
    NOT_ALLOWED_VALUE: "a value that is not one of the allowed values",
    CONSTRAINT: "a value outside its allowed range (e.g. empty text, a negative count)",
    INVALID_PERIOD: "a value that is not a valid period (2025, 2025-T2, 2025-H1, a range)",
    INVALID_VALUE: "any other invalid value",
    KOMMUN_TWICE: "`kommun` is declared in more than one place",
    KOMMUN_MISSING: "no data file declares `kommun`",
    DUPLICATE_ID: "two entries of one collection have the same id",
    UNKNOWN_REFERENCE: "a reference names an id that does not exist in its collection",
    UNKNOWN_RECIPIENT: "a report is handed over to neither a nämnd nor a known organ",
    IMPOSSIBLE_DATES: "an end date before its start date, or an answer before the question",
    UNKNOWN_COLUMN: "a table column that the collection's entries do not have",
    DUPLICATE_COLUMN: "the same column is given twice in a table's header row",
    MISSING_COLUMN: "a table lacks a column for a required field",
    RAGGED_ROW: "a table row with more or fewer cells than the header row has columns",
    UNKNOWN_SEPARATOR: "the column separator of a CSV file cannot be told from its header row",
    UNREADABLE_WORKBOOK: "an Excel file that cannot be read, or that lacks the sheet asked for",
    UNSUPPORTED_COLUMN: "a field that a table cannot hold in the form given (e.g. a list "
    "without dotted columns)",
    TOO_MANY_ROWS: "a table with more rows than the loader's limit",
    UNSUPPORTED_TABLE_FORMAT: "a table file in a format that is not read (e.g. `.xls`, `.ods`)",
    MALFORMED_CSV: "a CSV file whose quoting is broken (e.g. a quoted cell that is never closed)",
    INTERNAL: "an unexpected error in the loader (please report it)",
}
