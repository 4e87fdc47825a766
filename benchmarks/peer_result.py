"""What one measured run of an engine gives: its times and its answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Answers, per rule id: for RIKET-SYN {nämnd id: [checked, late]}, for the structural rules
# {nämnd id: outcome}. Every engine's answers have this shape so they can be compared.
Answers = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class PeerRun:
    """Seconds to load the data into the engine and to evaluate, and the answers."""

    load: float
    evaluate: float
    answers: Answers
