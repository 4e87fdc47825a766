"""The synthetic nation's organisation: nämnder, förvaltningar, tjänstegarantier, rapporter.

All 290 kommuner (real names and SCB codes, `kommuner.csv`) are modelled as ONE organisation,
because a dataset describes one kommun: each nämnd carries its kommun in its id and name
(`0114-ks`, "Upplands Väsby kommunstyrelse"). Every kommun has the four boards the law
requires (kommunstyrelse, valnämnd, revision, överförmyndarnämnd) and a seeded sample of
facknämnder, about 15 boards in all.

Deliberate gaps, so that the structural rules have something to find: some nämnder have no
tjänstegaranti, only one that has ended, or only one published after the period; some
årsberättelser for the period reached their nämnd after 31 May or not at all.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

KOMMUNER_FILE = Path(__file__).with_name("kommuner.csv")
PERIOD_YEAR = 2025


@dataclass(frozen=True)
class BoardKind:
    """A kind of nämnd every kommun may have: id suffix, name, model `typ`, load of feedback."""

    code: str
    name: str
    typ: str
    förvaltning: str | None
    # Relative number of synpunkter a board of this kind receives (0: never addressed).
    feedback_weight: float


# Every kommun has these (KL 3:4 kommunstyrelse, 6:10 överförmyndare, vallagen, KL 12 kap.).
REQUIRED_KINDS = (
    BoardKind("ks", "kommunstyrelse", "kommunstyrelse", "kommunledningsförvaltning", 2.0),
    BoardKind("valn", "valnämnd", "valnämnd", None, 0.05),
    BoardKind("rev", "kommunrevision", "revision", None, 0.0),
    BoardKind("öfn", "överförmyndarnämnd", "överförmyndarnämnd", "överförmyndarenhet", 0.3),
)
# A seeded sample of these completes each kommun.
OPTIONAL_KINDS = (
    BoardKind("bun", "barn- och utbildningsnämnd", "facknämnd", "utbildningsförvaltning", 3.0),
    BoardKind("fskn", "förskolenämnd", "facknämnd", "förskoleförvaltning", 2.0),
    BoardKind("gyn", "gymnasienämnd", "facknämnd", "gymnasieförvaltning", 1.5),
    BoardKind("son", "socialnämnd", "facknämnd", "socialförvaltning", 3.0),
    BoardKind("äon", "äldreomsorgsnämnd", "facknämnd", "äldreförvaltning", 2.5),
    BoardKind("omn", "omsorgsnämnd", "facknämnd", "omsorgsförvaltning", 1.5),
    BoardKind(
        "kfn", "kultur- och fritidsnämnd", "facknämnd", "kultur- och fritidsförvaltning", 1.5
    ),
    BoardKind("bn", "byggnadsnämnd", "facknämnd", "stadsbyggnadsförvaltning", 1.0),
    BoardKind("mhn", "miljö- och hälsoskyddsnämnd", "facknämnd", "miljöförvaltning", 1.0),
    BoardKind("tn", "tekniska nämnden", "facknämnd", "tekniska förvaltningen", 2.5),
    BoardKind("amn", "arbetsmarknadsnämnd", "facknämnd", "arbetsmarknadsförvaltning", 1.0),
    BoardKind("sbn", "samhällsbyggnadsnämnd", "facknämnd", "samhällsbyggnadsförvaltning", 1.5),
    BoardKind("fritn", "fritidsnämnd", "facknämnd", "fritidsförvaltning", 1.0),
    BoardKind("vin", "vuxenutbildningsnämnd", "facknämnd", "vuxenutbildningsförvaltning", 0.8),
    BoardKind("sfn", "servicenämnd", "facknämnd", "serviceförvaltning", 0.6),
    BoardKind("krn", "krisledningsnämnd", "facknämnd", None, 0.0),
)
FEWEST_OPTIONAL, MOST_OPTIONAL = 8, 14


@dataclass(frozen=True)
class Board:
    """One generated nämnd, with what the synpunkter generator needs to know about it."""

    id: str
    name: str
    typ: str
    # The board's share of the nation's synpunkter: its kind's weight times its kommun's size.
    feedback_weight: float


@dataclass
class Organisation:
    """The generated tables as rows of text, in the column order of their CSV headers."""

    boards: list[Board]
    nämnder: list[tuple[str, ...]]
    förvaltningar: list[tuple[str, ...]]
    tjänstegarantier: list[tuple[str, ...]]
    rapporter: list[tuple[str, ...]]


HEADERS = {
    "nämnder": ("id", "namn", "typ"),
    "förvaltningar": ("id", "namn", "nämnd"),
    "tjänstegarantier": ("id", "nämnd", "titel", "status", "publicerad"),
    "rapporter": (
        "id",
        "typ",
        "period",
        "nämnd",
        "förvaltning",
        "överlämnad.till",
        "överlämnad.datum",
    ),
}

_GUARANTEE_TITLES = (
    "Svar på synpunkter inom två arbetsdagar",
    "Återkoppling på e-post inom en arbetsdag",
    "Telefontid varje vardag",
    "Beslut inom utlovad handläggningstid",
    "Ett respektfullt bemötande",
    "Aktuell information på webben",
    "Felanmälan åtgärdas inom en vecka",
)


def read_kommuner(path: Path = KOMMUNER_FILE) -> list[tuple[str, str]]:
    """The (SCB code, name) of every kommun, in code order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return [(code, name) for code, name in rows[1:]]


def build_organisation(rng: random.Random, kommuner: int | None = None) -> Organisation:
    """The nation's boards and tables; `kommuner` keeps only the first ones (small test sets)."""
    org = Organisation([], [], [], [], [])
    for code, kommun in read_kommuner()[:kommuner]:
        # A lognormal size gives a few large kommuner and many small ones, as in the country.
        size = rng.lognormvariate(0.0, 0.9)
        count = rng.randint(FEWEST_OPTIONAL, MOST_OPTIONAL)
        chosen = rng.sample(range(len(OPTIONAL_KINDS)), count)
        kinds = [*REQUIRED_KINDS, *(OPTIONAL_KINDS[i] for i in sorted(chosen))]
        for kind in kinds:
            _add_board(org, rng, code, kommun, kind, size)
    return org


def _add_board(
    org: Organisation, rng: random.Random, code: str, kommun: str, kind: BoardKind, size: float
) -> None:
    weight = kind.feedback_weight * size
    board = Board(f"{code}-{kind.code}", f"{kommun} {kind.name}", kind.typ, weight)
    org.boards.append(board)
    org.nämnder.append((board.id, board.name, board.typ))
    förvaltning = ""
    if kind.förvaltning is not None:
        förvaltning = f"{board.id}-förv"
        org.förvaltningar.append((förvaltning, f"{kommun} {kind.förvaltning}", board.id))
    if kind.typ != "revision":
        org.tjänstegarantier.extend(_guarantees(rng, board))
    # Ordinary boards report on their year; the revision reports to fullmäktige instead.
    if kind.typ not in {"revision", "valnämnd"}:
        org.rapporter.extend(_annual_reports(rng, board, förvaltning))


def _guarantees(rng: random.Random, board: Board) -> list[tuple[str, ...]]:
    draw = rng.random()
    # Valnämnder seldom publish guarantees; other boards mostly have one or two.
    none_share = 0.5 if board.typ == "valnämnd" else 0.08
    if draw < none_share:
        return []
    titles = rng.sample(_GUARANTEE_TITLES, 2)
    if draw < none_share + 0.04:
        return [(f"{board.id}-tg1", board.id, titles[0], "upphörd", _day(rng, 2018, 2023))]
    if draw < none_share + 0.07:
        return [(f"{board.id}-tg1", board.id, titles[0], "gällande", _day(rng, 2026, 2026))]
    rows: list[tuple[str, ...]] = [
        (f"{board.id}-tg1", board.id, titles[0], "gällande", _day(rng, 2016, 2025))
    ]
    if rng.random() < 0.4:
        # An unknown publication date counts as published (the status is the evidence).
        published = "" if rng.random() < 0.1 else _day(rng, 2016, 2025)
        rows.append((f"{board.id}-tg2", board.id, titles[1], "gällande", published))
    return rows


def _annual_reports(rng: random.Random, board: Board, förvaltning: str) -> list[tuple[str, ...]]:
    before = PERIOD_YEAR - 1
    rows: list[tuple[str, ...]] = [
        # Last year's årsberättelse, handed over in time: only the period filter tells it apart.
        (
            f"{board.id}-åb-{before}",
            "årsberättelse",
            str(before),
            board.id,
            förvaltning,
            board.id,
            _between(rng, date(PERIOD_YEAR, 2, 1), date(PERIOD_YEAR, 5, 28)),
        )
    ]
    draw = rng.random()
    if draw < 0.10:
        return rows  # this year's is missing
    if draw < 0.18:
        handed = _between(rng, date(PERIOD_YEAR + 1, 6, 1), date(PERIOD_YEAR + 1, 6, 26))
    elif draw < 0.21:
        handed = f"{PERIOD_YEAR + 1}-05-31"  # on the deadline, a Sunday in 2026: still in time
    else:
        handed = _between(rng, date(PERIOD_YEAR + 1, 2, 1), date(PERIOD_YEAR + 1, 5, 29))
    rows.append(
        (
            f"{board.id}-åb-{PERIOD_YEAR}",
            "årsberättelse",
            str(PERIOD_YEAR),
            board.id,
            förvaltning,
            board.id,
            handed,
        )
    )
    return rows


def _between(rng: random.Random, first: date, last: date) -> str:
    return (first + timedelta(days=rng.randint(0, (last - first).days))).isoformat()


def _day(rng: random.Random, first_year: int, last_year: int) -> str:
    return _between(rng, date(first_year, 1, 1), date(last_year, 12, 31))
