"""Writing to stdout and stderr when whoever reads them may stop reading early.

`compliance check | head -1` closes the pipe after one line, and a CI step may close stderr.
The next write then raises `BrokenPipeError`; left alone, click turns that into exit code 1,
"findings", whatever the run concluded, and a closed stderr raised out of the error handler.
The exit code is the contract with CI, so a reader who leaves loses the rest of the text,
which it asked not to get, and nothing else: the stream goes to the null device from then on
and the run ends with its own exit code.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO


@contextlib.contextmanager
def reader_may_leave(stream: TextIO) -> Iterator[None]:
    """Run the writes in the block; if the reader of `stream` has gone, drop the rest."""
    try:
        yield
    except BrokenPipeError:
        _discard_from_now_on(stream)


def write_text(stream: TextIO, text: str) -> None:
    """`text` on `stream`, flushed, so that a reader who left is noticed here."""
    with reader_may_leave(stream):
        stream.write(text)
        stream.flush()


def say(line: str = "", *, stream: TextIO | None = None) -> None:
    """One line on `stream` (stdout when None), as `print` writes it."""
    write_text(sys.stdout if stream is None else stream, line + "\n")


def write_stdout_bytes(data: bytes) -> None:
    """Bytes under `sys.stdout`, after whatever was written to it as text."""
    with reader_may_leave(sys.stdout):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _discard_from_now_on(stream: TextIO) -> None:
    # The stream's buffer may still hold what the reader refused; pointing the descriptor at
    # the null device lets that, and every later write or the flush at exit, succeed unseen.
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a file (a test harness's buffer): it has no reader to lose
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)
