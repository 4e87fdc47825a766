"""How the `compliance` process uses Python's cyclic garbage collector.

Reference counting frees everything acyclic the moment it is dropped; the cyclic collector only
finds cycles, and a full pass traverses every live object. A national run keeps hundreds of
thousands of loaded objects (rules, data models, table rows) alive until it exits, and each of
its ~12 000 findings allocates, so with CPython's defaults full passes re-traverse the same
loaded data again and again: about 15 % of the run (docs/performance.md). Only the command
line tunes this: a program that imports `compliance` keeps its own collector settings.
"""

from __future__ import annotations

import gc

# Allocations between collections of the youngest generation (CPython's default: 700), and how
# many of those before the middle and the oldest generation are collected (defaults 10 and 10).
_THRESHOLDS = (100_000, 50, 100)


class _Process:
    # Set by `collect_rarely`, which only `compliance.cli.main` calls: the commands run in a
    # test's or an embedding program's process too, and freezing there would keep every
    # earlier run's data for the rest of that process.
    tuned = False


def collect_rarely() -> None:
    """Fewer collector passes for the whole process: it is short-lived and makes few cycles."""
    gc.set_threshold(*_THRESHOLDS)
    _Process.tuned = True


def settle_loaded_inputs() -> None:
    """Move everything alive now (the loaded rules and data) out of the collector's passes,
    and stop collecting for the rest of the run, in the `compliance` process only.

    The loaded inputs live until the process exits, so traversing them can never free
    anything. What the evaluation makes after them (findings, their evidence, the report) is
    kept until the process exits too, and whatever it drops is acyclic: reference counting
    frees it. A collector pass would still traverse every finding made since the last one,
    about 5 % of a national structural evaluation, and free nothing (a run with a million
    synpunkter peaks at the same memory with the collector off; docs/performance.md).
    """
    if _Process.tuned:
        gc.freeze()
        gc.disable()
