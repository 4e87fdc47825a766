"""Reading a rule file's text: safely, and without loading the parser.

Kept apart from `parser` so that a run whose checked rules come from the cache
(`checker.rule_cache`) can read the files, to know whether the cache holds them, without
importing Lark.
"""

from __future__ import annotations

import stat
from pathlib import Path

from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span
from compliance.syntax.limits import MAX_RULE_FILE_BYTES

__all__ = ["read_rule_text"]


def read_rule_text(path: Path, shown: str) -> str:
    """The text of the rule file `path`, opened read-only and never read past the limit."""

    def fail(code: str, message: str, help: str | None = None) -> InputError:
        return InputError([Diagnostic(code, message, file=shown, help=help)])

    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise fail("E110", f"rule file `{shown}` does not exist") from None
    except OSError as error:
        raise fail("E110", f"cannot read rule file `{shown}`: {_reason(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("E110", f"`{shown}` is a directory, not a rule file")
    # A pipe would block the run forever and a device such as /dev/zero never ends.
    if not stat.S_ISREG(info.st_mode):
        raise fail("E110", f"cannot read rule file `{shown}`: it is not a regular file")
    too_large = fail(
        "E111",
        f"rule file `{shown}` is larger than the limit of {MAX_RULE_FILE_BYTES:,} bytes",
        help="split the rules into several files",
    )
    if info.st_size > MAX_RULE_FILE_BYTES:
        raise too_large
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as error:
        raise fail("E110", f"cannot read rule file `{shown}`: {_reason(error)}") from None
    if len(data) > MAX_RULE_FILE_BYTES:  # the file grew while it was read
        raise too_large
    if b"\x00" in data:
        raise fail("E111", f"`{shown}` is a binary file, not a rule file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Shown anyway, so that the caret can point at the character that cannot be read.
        before = data[: error.start].decode("utf-8", "replace").removeprefix("\ufeff")
        SOURCES.add(shown, data.decode("utf-8", "replace").removeprefix("\ufeff"))
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise InputError(
            [
                Diagnostic(
                    "E111",
                    f"`{shown}` is not UTF-8 text: byte 0x{data[error.start]:02x} cannot be read",
                    Span.point(shown, line, column),
                    help="save the file as UTF-8; files saved as Windows-1252 or Latin-1 "
                    "store å, ä and ö differently",
                )
            ]
        ) from None


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]
