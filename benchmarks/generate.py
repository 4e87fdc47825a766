"""Generate the synthetic national benchmark dataset: `generate.py --rows N --out DIR`.

DIR gets CSV tables for 290 kommuner (~15 nämnder each, with förvaltningar, tjänstegarantier
and årsberättelser) and N synpunkter, the YAML files that declare them as tables, the rule
packs from `benchmarks/rules/`, and two configs:

    compliance check --config DIR/compliance.toml   # synpunkter + structural rules
    compliance check --config DIR/struktur.toml     # the structural rules alone
    compliance check --config DIR/synpunkter.toml   # the working-day rule alone

The output is a function of (--rows, --seed) only: two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from synth_organisation import HEADERS, PERIOD_YEAR, build_organisation
from synth_synpunkter import HEADER as SYNPUNKTER_HEADER
from synth_synpunkter import synpunkter_lines

RULES_DIR = Path(__file__).with_name("rules")
RULE_FILES = ("synpunkter.rules", "struktur.rules")
DEFAULT_SEED = 2025
# After the 31 May deadline for the årsberättelse, so both structural rules are judged
# (before it, a missing årsberättelse would only be "ej förfallet").
AS_OF = f"{PERIOD_YEAR + 1}-06-30"

ORGANISATION_YAML = """\
# Syntetiskt riksdataset för prestandamätning (benchmarks/generate.py, seed {seed}).
# {kommuner} kommuner som en organisation: varje nämnd bär sin kommun i id och namn.
kommun:
  id: riket
  namn: "Sveriges kommuner (syntetiskt)"
tabeller:
  nämnder: nämnder.csv
  förvaltningar: förvaltningar.csv
  tjänstegarantier: tjänstegarantier.csv
  rapporter: rapporter.csv
"""

SYNPUNKTER_YAML = """\
# Syntetiska synpunkter ({rows} st., seed {seed}); slås ihop med organisation.yaml.
tabeller:
  synpunkter: synpunkter.csv
"""

CONFIG_TOML = """\
# Synthetic national benchmark (benchmarks/generate.py): compliance check --config {name}
rules = [{rules}]
data = [{data}]
period = "{period}"
as_of = {as_of}
format = "json"
"""


def generate(out: Path, rows: int, seed: int = DEFAULT_SEED, kommuner: int | None = None) -> None:
    """Write the dataset, its rule packs and configs into `out` (created if needed).

    `kommuner` keeps only the first kommuner in SCB code order (all 290 by default), for small
    test datasets; the first kommuner's boards are the same either way.
    """
    rng = random.Random(seed)
    organisation = build_organisation(rng, kommuner)
    out.mkdir(parents=True, exist_ok=True)
    for table, header in HEADERS.items():
        _write_table(out / f"{table}.csv", header, getattr(organisation, table))
    with (out / "synpunkter.csv").open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(";".join(SYNPUNKTER_HEADER) + "\n")
        # Written in chunks: a million rows joined at once would double the peak memory.
        chunk: list[str] = []
        for line in synpunkter_lines(rng, organisation.boards, rows):
            chunk.append(line)
            if len(chunk) == 100_000:
                handle.write("\n".join(chunk) + "\n")
                chunk.clear()
        if chunk:
            handle.write("\n".join(chunk) + "\n")
    count = len({board.id.split("-")[0] for board in organisation.boards})
    _write_text(out / "organisation.yaml", ORGANISATION_YAML.format(seed=seed, kommuner=count))
    _write_text(out / "synpunkter.yaml", SYNPUNKTER_YAML.format(rows=rows, seed=seed))
    (out / "rules").mkdir(exist_ok=True)
    for name in RULE_FILES:
        shutil.copyfile(RULES_DIR / name, out / "rules" / name)
    _write_config(
        out / "compliance.toml",
        [f"rules/{name}" for name in RULE_FILES],
        ["organisation.yaml", "synpunkter.yaml"],
    )
    _write_config(out / "struktur.toml", ["rules/struktur.rules"], ["organisation.yaml"])
    _write_config(
        out / "synpunkter.toml",
        ["rules/synpunkter.rules"],
        ["organisation.yaml", "synpunkter.yaml"],
    )


def _write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _write_config(path: Path, rules: Sequence[str], data: Sequence[str]) -> None:
    _write_text(
        path,
        CONFIG_TOML.format(
            name=path.name,
            rules=", ".join(f'"{r}"' for r in rules),
            data=", ".join(f'"{d}"' for d in data),
            period=PERIOD_YEAR,
            as_of=AS_OF,
        ),
    )


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True, help="number of synpunkter")
    parser.add_argument("--out", type=Path, required=True, help="directory to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--kommuner", type=int, default=None, help="only the first K kommuner (default: all 290)"
    )
    args = parser.parse_args(argv)
    if args.rows < 0 or (args.kommuner is not None and args.kommuner < 1):
        parser.error("--rows must be 0 or more and --kommuner 1 or more")
    generate(args.out, args.rows, args.seed, args.kommuner)
    return 0


if __name__ == "__main__":
    sys.exit(main())
