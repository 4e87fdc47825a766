"""A progress display for runs that take more than a moment, on a terminal only.

Nothing is shown when stderr is not a terminal (CI logs, pipes, files) or for a run that ends
within `DELAY` seconds, so that quick checks and every machine-read output stay exactly as
they were. The display is transient: it is cleared when the run ends.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from compliance.messages import message

if TYPE_CHECKING:
    # Imported when the display first appears: most runs end before it would.
    from rich.progress import Progress

# Seconds a step may take before the display appears; the environment variable exists so
# that a test can see the display without a slow run.
DELAY = float(os.environ.get("COMPLIANCE_PROGRESS_DELAY", "0.3"))


def wanted() -> bool:
    """A display only for a person at a terminal: never in CI, never into a pipe or file."""
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class RunProgress:
    """Shows "Läser data …" and "Prövar regler 3/19" on stderr once a step is slow."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._timer: threading.Timer | None = None
        self._task: object | None = None
        self._lock = threading.Lock()
        self._label = ""
        self._done = 0
        self._total: int | None = None

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def step(self, key: str) -> Iterator[None]:
        """A step without counts (reading the data): a spinner after `DELAY` seconds."""
        self._begin(message(key), None)
        try:
            yield
        finally:
            self._end()

    def rules(self, done: int, total: int) -> None:
        """The evaluation's callback: `done` of `total` rules judged."""
        with self._lock:
            if self._total is None:
                self._label, self._total = message("progress.rules"), total
                self._schedule()
            self._done = done
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, completed=done, total=total)  # type: ignore[arg-type]

    def close(self) -> None:
        self._end()

    # ---------------------------------------------------------------- internals

    def _begin(self, label: str, total: int | None) -> None:
        with self._lock:
            self._label, self._total, self._done = label, total, 0
            self._schedule()

    def _schedule(self) -> None:
        if self.enabled and self._timer is None:
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
        )

        with self._lock:
            if self._timer is None:
                return
            progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            progress.start()
            self._task = progress.add_task(self._label, total=self._total, completed=self._done)
            self._progress = progress

    def _end(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
                self._task = None
            self._total = None
