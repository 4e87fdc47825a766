"""How diagnostics quote what a data file says: short excerpts, lists of names, suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

# How many ids or keys a help text lists before it stops.
LIST_LIMIT = 12


def short(text: str, limit: int = 40) -> str:
    """`text` on one line, cut to `limit` characters with `…`."""
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listing(names: Sequence[str]) -> str:
    """The first `LIST_LIMIT` names, quoted and comma-separated."""
    shown = ", ".join(f"`{name}`" for name in names[:LIST_LIMIT])
    return shown + (", …" if len(names) > LIST_LIMIT else "")


def did_you_mean(word: str, options: Sequence[str]) -> str | None:
    """A help text naming the option `word` was probably meant to be, if there is one."""
    folded = {option.casefold(): option for option in options}
    match = folded.get(word.casefold())
    if match is None:
        close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
        match = folded[close[0]] if close else None
    return f"did you mean `{match}`?" if match is not None and match != word else None
