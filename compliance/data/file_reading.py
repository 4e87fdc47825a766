"""Read a data file's bytes safely and decode them as UTF-8 text.

A missing file, a directory, an unreadable or oversized file, a binary file (a spreadsheet
saved by mistake) and text in another encoding each become one diagnostic about the file,
never a traceback. The file is only ever opened for reading, and never read past the limit.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from compliance.data import codes
from compliance.data.limits import Limits
from compliance.data.yaml_positions import line_column
from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span, display_path

_YAML_EXTENSIONS = (".yaml", ".yml")


def refuse(code: str, message: str, file: str, help: str | None = None) -> NoReturn:
    """Stop reading `file` with one diagnostic about the file as a whole."""
    raise InputError([Diagnostic(code, message, None, help, file=file)])


def read_data_file(path: str | os.PathLike[str], limits: Limits) -> tuple[str, bytes]:
    """The display path and the bytes of one data file, not yet parsed; raises `InputError`."""
    shown = display_path(path)
    try:
        return shown, read_bytes(Path(path), shown, limits)
    except InputError:
        raise
    except Exception as error:  # bad input must never end in a traceback
        raise InputError([unexpected_error(shown, error)]) from error


def unexpected_error(file: str, error: Exception) -> Diagnostic:
    """A defect met while reading `file`, said as one diagnostic rather than a traceback."""
    return Diagnostic(
        codes.INTERNAL,
        f"the file could not be read because of an unexpected error "
        f"({type(error).__name__}: {error})",
        None,
        "this is a defect in the checker; please report it together with the file",
        file=file,
    )


def read_bytes(path: Path, shown: str, limits: Limits) -> bytes:
    """The bytes of the regular file `path`; `shown` is its display path."""
    return read_regular_file(
        path,
        shown,
        max_bytes=limits.max_file_bytes,
        check_size=lambda size: check_size(size, shown, limits),
        kind="a data file",
        directory_help=f"give the YAML files in it, for example `{shown.rstrip('/')}/*.yaml`",
        similar=_similar_file,
    )


def read_regular_file(
    path: Path,
    shown: str,
    *,
    max_bytes: int,
    check_size: Callable[[int], None],
    kind: str,
    directory_help: str,
    similar: Callable[[Path], str | None],
) -> bytes:
    """The bytes of `path` if it is a regular file within `max_bytes`: shared by data files
    and tables, which differ only in their limits and in what they suggest."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        refuse(codes.FILE_NOT_FOUND, f"no such file: `{shown}`", shown, similar(path))
    except OSError as error:
        refuse(codes.UNREADABLE, f"cannot read `{shown}`: {_reason(error)}", shown)
    if stat.S_ISDIR(info.st_mode):
        refuse(codes.IS_DIRECTORY, f"`{shown}` is a directory, not {kind}", shown, directory_help)
    if not stat.S_ISREG(info.st_mode):
        refuse(codes.UNREADABLE, f"cannot read `{shown}`: it is not a regular file", shown)
    check_size(info.st_size)
    try:
        # Read-only, and never more than the limit even if the file grows meanwhile.
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        refuse(codes.UNREADABLE, f"cannot read `{shown}`: {_reason(error)}", shown)
    check_size(len(data))
    return data


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _similar_file(path: Path) -> str | None:
    """Help for a missing file: a YAML file with a similar name next to it."""
    parent = path.parent
    try:
        names = [n for n in os.listdir(parent) if n.lower().endswith(_YAML_EXTENSIONS)]
    except OSError:
        return f"the directory `{display_path(parent)}` does not exist either"
    match = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if match:
        return f"did you mean `{display_path(parent / match[0])}`?"
    return None


def check_size(size: int, file: str, limits: Limits) -> None:
    """Refuse a file of `size` bytes when it is over the limit."""
    if size > limits.max_file_bytes:
        refuse(
            codes.TOO_LARGE,
            f"the file is larger than {_mebibytes(limits.max_file_bytes)}; it is refused",
            file,
            "split the data into several files",
        )


def _mebibytes(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    return f"{size:,} bytes"


# Byte order marks of the Unicode encodings we do not read; UTF-32's first, as UTF-32 LE's
# begins with UTF-16 LE's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def wide_unicode(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when `data` starts with that encoding's byte order mark."""
    return next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)


def check_not_binary(data: bytes, file: str) -> None:
    """Refuse UTF-16 or UTF-32 text and files with NUL bytes, saying which it is."""
    # UTF-16 and UTF-32 text is full of NUL bytes too; say what it is rather than "binary".
    name = wide_unicode(data)
    if name is not None:
        refuse(
            codes.NOT_UTF8, f"the file is {name} text, not UTF-8", file, "save the file as UTF-8"
        )
    if b"\x00" in data:
        refuse(
            codes.BINARY,
            "the file is not a text file: it contains NUL bytes (is it a spreadsheet, "
            "a PDF or a Word file?)",
            file,
            "data files are YAML text saved as UTF-8",
        )


def decode(data: bytes, file: str) -> str:
    """The UTF-8 text of `data` without a byte order mark, or a located diagnostic."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Show the file anyway, so the caret can point at the offending character.
        SOURCES.add(file, data.decode("utf-8", "replace").removeprefix("\ufeff"))
        line, column = line_column(data[: error.start].decode("utf-8", "replace"))
        raise InputError(
            [
                Diagnostic(
                    codes.NOT_UTF8,
                    f"the file is not valid UTF-8 text: byte 0x{data[error.start]:02x} "
                    "cannot be read",
                    Span.point(file, line, column),
                    "save the file as UTF-8; files saved as Windows-1252 or Latin-1 store "
                    "å, ä and ö differently",
                    file=file,
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")
