"""Tell how a CSV file is written: its encoding and its column separator.

Swedish exports are the normal case: Excel's "CSV (semikolonavgränsad)" is `;`-separated with
a decimal comma and, in older versions, Windows-1252 text; "CSV UTF-8" starts with a byte
order mark. Only the header line is decoded here; the whole file is checked as it is parsed.
"""

from __future__ import annotations

import codecs
import re
from typing import AnyStr

from compliance.data import codes
from compliance.data.file_reading import refuse, wide_unicode
from compliance.diagnostics import Diagnostic, InputError, Span

# The separators tried, in order of preference when the header has as many of each.
SEPARATORS = (";", ",", "\t")
# Characters that separate columns in some exports but are never guessed.
_OTHER_SEPARATORS = ("|", ":")
_NAMES = {";": "`;`", ",": "`,`", "\t": "a tab", "|": "`|`", ":": "`:`"}
_CODEC_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}
_QUOTED = re.compile(r'"[^"]*"')
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def separator_name(separator: str) -> str:
    return _NAMES.get(separator, f"`{separator}`")


def check_text_file(data: bytes, file: str) -> None:
    """Refuse a workbook, UTF-16/32 text or a binary file given as CSV, saying which it is."""
    if data.startswith(_ZIP) or data.startswith(_OLE):
        refuse(
            codes.BINARY,
            "the file is not CSV text but a binary file (it looks like an Excel workbook)",
            file,
            "give an Excel workbook a `.xlsx` name, or save the sheet as CSV",
        )
    name = wide_unicode(data)
    if name is not None:
        refuse(
            codes.NOT_UTF8,
            f"the file is {name} text, which is not read",
            file,
            "save the table as CSV UTF-8 (or as semicolon-separated CSV)",
        )
    if b"\x00" in data:
        refuse(
            codes.BINARY,
            "the file is not CSV text: it contains NUL bytes",
            file,
            "save the table as CSV UTF-8, or give an Excel workbook as `.xlsx`",
        )


def codec_name(requested: str, file: str) -> str:
    """`"UTF8"` → `"utf-8"`, `"windows-1252"` → `"cp1252"`; an unknown name is an error."""
    try:
        return codecs.lookup(requested).name
    except LookupError:
        refuse(
            codes.NOT_UTF8,
            f"unknown text encoding `{requested}`",
            file,
            "use `utf-8` or `cp1252` (Windows-1252, older Excel)",
        )


def decode_whole(data: bytes, codec: str, file: str, *, tried_utf8: bool) -> str:
    """The text of `data` in `codec`, or a diagnostic at the first byte it cannot read."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if tried_utf8:
            what = "neither UTF-8 nor Windows-1252 text"
        else:
            what = f"not valid {_CODEC_NAMES.get(codec, codec)} text"
        raise InputError(
            [
                Diagnostic(
                    codes.NOT_UTF8,
                    f"the file is {what}: byte 0x{data[error.start]:02x} on row {line} "
                    "cannot be read",
                    Span.point(file, line, 1),
                    "save the table as CSV UTF-8",
                    file=file,
                )
            ]
        ) from None


def first_line(data: AnyStr) -> AnyStr:
    """The first line that is not blank: the header row."""
    newline = "\n" if isinstance(data, str) else b"\n"
    start = 0
    while True:
        end = data.find(newline, start)
        line = data[start:] if end < 0 else data[start:end]
        if end < 0 or line.strip():
            return line
        start = end + 1


def sniff_separator(header: str, file: str) -> str:
    """The separator the header row uses: the candidate it has most of, outside quotes."""
    unquoted = _QUOTED.sub("", header)
    counts = {separator: unquoted.count(separator) for separator in SEPARATORS}
    most = max(counts.values())
    if most == 0:
        # One column: the header check will say which columns are missing, unless the
        # header is plainly separated by something else.
        check_single_column(unquoted, ";", file)
        return ";"
    tied = [separator for separator, count in counts.items() if count == most]
    if len(tied) > 1:
        names = ", ".join(separator_name(s) for s in tied[:-1])
        names += f" and {separator_name(tied[-1])}"
        refuse(
            codes.UNKNOWN_SEPARATOR,
            f"cannot tell the column separator: the header row has {most} each of {names}",
            file,
            _declare_help(tied[0]),
        )
    return tied[0]


def check_single_column(header: str, separator: str, file: str) -> None:
    """A header read as one column that contains another separator is an error."""
    unquoted = _QUOTED.sub("", header)
    if separator in unquoted:
        return
    for other in (*SEPARATORS, *_OTHER_SEPARATORS):
        if other != separator and other in unquoted:
            refuse(
                codes.UNKNOWN_SEPARATOR,
                f"the header row is one column when split at {separator_name(separator)}, "
                f"but it contains {separator_name(other)}",
                file,
                _declare_help(other),
            )


def _declare_help(separator: str) -> str:
    written = "\\t" if separator == "\t" else separator
    return (
        f"if {separator_name(separator)} separates the columns, declare it with the table: "
        f'`avgränsare: "{written}"`'
    )
