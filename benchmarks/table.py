"""The results as a plain-text table, each figure beside its target where it has one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Result:
    """The medians of one engine on one scenario and size, with what they are judged against."""

    scenario: str
    size: str
    engine: str
    load: float | None = None
    evaluate: float | None = None
    total: float | None = None
    peak_mb: float | None = None
    findings: str = ""
    answers: str = ""
    # Our evaluation time divided into the peer's: how many times faster we are.
    speedup: float | None = None
    note: str = ""
    # Upper limits per figure ("evaluate", "total", "peak_mb") and a lower one for "speedup".
    targets: dict[str, float] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)

    def meets(self, figure: str) -> bool | None:
        """Whether a figure meets its target; None when it has none or was not measured."""
        limit = self.targets.get(figure)
        value = getattr(self, figure)
        if limit is None or value is None:
            return None
        return bool(value >= limit) if figure == "speedup" else bool(value <= limit)


COLUMNS = (
    ("Scenario", "scenario"),
    ("Size", "size"),
    ("Engine", "engine"),
    ("Load s", "load"),
    ("Eval s", "evaluate"),
    ("Total s", "total"),
    ("Peak MB", "peak_mb"),
    ("Ours is", "speedup"),
    ("Findings", "findings"),
    ("Answers", "answers"),
)


def _cell(result: Result, attribute: str) -> str:
    value = getattr(result, attribute)
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if attribute == "speedup":
        text = f"{value:.1f}× faster" if value >= 1 else f"{1 / value:.1f}× slower"
    elif attribute == "peak_mb":
        text = f"{value:.0f}"
    else:
        text = f"{value:.3f}"
    limit = result.targets.get(attribute)
    if limit is None:
        return text
    sign = "≥" if attribute == "speedup" else "≤"
    mark = "✓" if result.meets(attribute) else "✗"
    return f"{text} ({sign} {limit:g} {mark})"


def render(results: Sequence[Result]) -> str:
    header = [title for title, _ in COLUMNS]
    rows = [[_cell(result, attribute) for _, attribute in COLUMNS] for result in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    lines.extend(_line(row, widths) for row in rows)
    notes = [f"  {r.engine} ({r.scenario} {r.size}): {r.note}" for r in results if r.note]
    if notes:
        lines.extend(["", "Notes:", *notes])
    together = [r for r in results if isinstance(r.extra.get("all_packs_total_s"), float)]
    if together:
        lines.extend(["", "Both packs in one run (compliance.toml):"])
        lines.extend(
            f"  {r.engine} ({r.scenario} {r.size}): total {r.extra['all_packs_total_s']:.3f} s, "
            f"peak {r.extra.get('all_packs_peak_mb') or 0:.0f} MB"
            for r in together
        )
    return "\n".join(lines)


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
