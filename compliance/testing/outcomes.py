"""The outcome words a test file may use: the report's own codes and their Swedish names."""

from __future__ import annotations

from compliance.findings import Outcome

# The Swedish names are those of the report (docs and README), written as one word each so
# that they read like the codes: `ej_tillämplig`, not `ej tillämplig`.
SWEDISH: dict[str, Outcome] = {
    "uppfyllt": Outcome.PASS,
    "avvikelse": Outcome.FAIL,
    "ej_tillämplig": Outcome.NOT_APPLICABLE,
    "underlag_saknas": Outcome.INSUFFICIENT_DATA,
    "ej_förfallet": Outcome.NOT_DUE,
    "undantag": Outcome.WAIVED,
}

WORDS: dict[str, Outcome] = {**{outcome.value: outcome for outcome in Outcome}, **SWEDISH}


def outcome_named(word: str) -> Outcome | None:
    """The outcome `word` names, or None when it names none."""
    return WORDS.get(word)
