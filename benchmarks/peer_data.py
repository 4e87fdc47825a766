"""The generated CSV tables as plain records for the peer engines (OPA and zen-engine).

Both peers get the same records, read with the standard `csv` module. Keys are ASCII because
neither Rego identifiers nor zen's expression language accept Swedish letters in names
(`nämnd` becomes `namnd`); an empty cell becomes `None` (JSON null), as an absent value is in
our data model. The period, avstämningsdag and the Swedish weekday holidays (from the
project's own calendar, so every engine uses the same holiday list) come from the dataset's
config.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from compliance.calendar.working_days import holidays_in

Record = dict[str, str | None]


@dataclass(frozen=True)
class Settings:
    """What the rules need besides the tables: the period and the avstämningsdag."""

    year: int
    start: str
    end: str
    as_of: str

    def holidays(self) -> list[str]:
        """Weekday holidays (helgdagar and the three eves) from the period start to as_of."""
        years = range(int(self.start[:4]), int(self.as_of[:4]) + 1)
        return sorted(day.isoformat() for year in years for day in holidays_in(year))

    def as_json(self) -> dict[str, object]:
        return {
            "period": {"start": self.start, "slut": self.end, "ar": self.year},
            "avstamningsdag": self.as_of,
            "helgdagar": self.holidays(),
        }


def read_settings(config: Path) -> Settings:
    with config.open("rb") as handle:
        values = tomllib.load(handle)
    year = int(values["period"])
    as_of = values["as_of"]
    return Settings(
        year=year,
        start=date(year, 1, 1).isoformat(),
        end=date(year, 12, 31).isoformat(),
        as_of=as_of.isoformat() if isinstance(as_of, date) else str(as_of),
    )


# CSV column → record key, per table; only the columns the rules read.
COLUMNS: dict[str, dict[str, str]] = {
    "synpunkter": {"id": "id", "nämnd": "namnd", "inkommen": "inkommen", "besvarad": "besvarad"},
    "nämnder": {"id": "id", "namn": "namn", "typ": "typ"},
    "tjänstegarantier": {
        "id": "id",
        "nämnd": "namnd",
        "status": "status",
        "publicerad": "publicerad",
    },
    "rapporter": {
        "id": "id",
        "typ": "typ",
        "period": "period",
        "nämnd": "namnd",
        "överlämnad.till": "overlamnad_till",
        "överlämnad.datum": "overlamnad_datum",
    },
}


def read_table(directory: Path, table: str) -> list[Record]:
    columns = COLUMNS[table]
    with (directory / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        picks = [(header.index(column), key) for column, key in columns.items()]
        return [{key: row[i] or None for i, key in picks} for row in reader]
