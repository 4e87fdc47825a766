"""Building a million small Python objects at once (CSV records, entity models)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """Pause the cycle collector while many objects are made and kept.

    Every few hundred new objects it walks everything made so far, and finds nothing to
    free: the objects are all kept. Pausing it halves the time of building a million rows.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
