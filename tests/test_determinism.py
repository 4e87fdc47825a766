"""The same inputs give the same bytes, whatever the machine, its settings or its files' order.

`compliance check` runs on the Haninge example (three rule packs in a directory, two data
files, a waiver file) in two copies of the project and under different environments: hash
seed, time zone, locale and its encoding, terminal width, the parser cache cold or off. Every
report format in `compliance.reporters.FORMATS` is written in the same run (`--report`), and
each must be byte for byte the same, as must stdout and stderr. docs/reliability.md lists what
is varied.
"""

from __future__ import annotations

import io
import json
import locale
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from compliance.reporters import BINARY_FORMATS, FORMATS

ROOT = Path(__file__).resolve().parent.parent
PACKS = ["haninge-verksamhetsstyrning.rules", "kommunallagen.rules", "lkbr.rules"]
DATA = ["organisation.yaml", "synpunkter.yaml"]
WAIVERS = """\
undantag:
  - regel: HAN-TG
    avser: valnämnden
    motivering: "Nämnden avvecklas 2027; garantier tas inte fram."
    beslutat_av: Kommunstyrelsen
    diarienummer: KS 2026/123
    giltigt_till: 2027-06-30
"""
# The environments the check runs in. The first is a plain UTF-8 CI runner; the second
# differs in everything that could leak into a report: another hash seed (set and dict
# order), the time zone furthest from UTC (+14), the ASCII "C" locale (stdout is not UTF-8
# unless the tool makes it so), another terminal width, and no parser cache at all.
BASE_ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "COLUMNS": "80",
}
OTHER_ENVIRONMENT = {
    "PYTHONHASHSEED": "12345",
    "TZ": "Pacific/Kiritimati",
    "LC_ALL": "C",
    "LANG": "C",
    "COLUMNS": "211",
    "COMPLIANCE_CACHE_DIR": "",
}
SWEDISH_LOCALES = ("sv_SE.UTF-8", "sv_SE.utf8")


@cache
def swedish_locale() -> str | None:
    """A Swedish locale when the machine has one (decimal comma, å-ä-ö collation)."""
    saved = locale.setlocale(locale.LC_ALL)
    try:
        for name in SWEDISH_LOCALES:
            try:
                locale.setlocale(locale.LC_ALL, name)
            except locale.Error:
                continue
            return name
        return None
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def environments(cache_dir: Path) -> list[dict[str, str]]:
    found = [{**BASE_ENVIRONMENT, "COMPLIANCE_CACHE_DIR": str(cache_dir)}, OTHER_ENVIRONMENT]
    swedish = swedish_locale()
    if swedish is not None:
        found.append(
            {**OTHER_ENVIRONMENT, "LC_ALL": swedish, "LANG": swedish, "TZ": "America/Adak"}
        )
    return found


def make_project(directory: Path, *, reverse: bool) -> Path:
    """The example as a user's folder; `reverse` creates its files in the opposite order."""
    files = [(ROOT / "policy_rules" / name, Path("regler") / name) for name in PACKS]
    files += [(ROOT / "fixtures" / "haninge" / name, Path("data") / name) for name in DATA]
    for source, target in reversed(files) if reverse else files:
        (directory / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, directory / target)
    (directory / "undantag.yaml").write_text(WAIVERS, encoding="utf-8")
    (directory / "rapporter").mkdir()
    return directory


def command(*extra: str) -> list[str]:
    data = [argument for name in DATA for argument in ("--data", f"data/{name}")]
    return [
        sys.executable,
        "-m",
        "compliance",
        "check",
        "--rules",
        "regler",
        *data,
        "--period",
        "2025",
        "--waivers",
        "undantag.yaml",
        *extra,
    ]


def run(
    directory: Path, environment: dict[str, str], *extra: str
) -> subprocess.CompletedProcess[bytes]:
    # Only PATH and HOME are kept from the outside, so that nothing else can differ.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **environment}
    result = subprocess.run(
        command(*extra), cwd=directory, env=env, capture_output=True, timeout=300, check=False
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")
    return result


def reports() -> list[str]:
    return [argument for name in FORMATS for argument in ("--report", f"{name}=rapporter/{name}")]


@dataclass(frozen=True)
class Outcome:
    directory: Path
    environment: dict[str, str]
    result: subprocess.CompletedProcess[bytes]

    def report(self, name: str) -> bytes:
        return (self.directory / "rapporter" / name).read_bytes()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    """One check per environment, each in its own copy of the project, all formats at once."""
    base = tmp_path_factory.mktemp("determinism")
    found = []
    for number, environment in enumerate(environments(base / "cache")):
        directory = make_project(base / f"kopia-{number}", reverse=number % 2 == 1)
        extra = ["--as-of", "2026-09-30", "--format", "json", *reports()]
        found.append(Outcome(directory, environment, run(directory, environment, *extra)))
    return found


def test_every_format_is_byte_identical_across_environments_and_file_order(
    outcomes: list[Outcome],
) -> None:
    first, *others = outcomes
    assert json.loads(first.result.stdout)["findings"], "the example must have findings"
    assert others
    for other in others:
        differs = {k: v for k, v in other.environment.items() if BASE_ENVIRONMENT.get(k) != v}
        assert other.result.stdout == first.result.stdout, f"stdout differs under {differs}"
        assert other.result.stderr == first.result.stderr, f"stderr differs under {differs}"
        for name in FORMATS:
            assert first.report(name), f"the {name} report is empty"
            assert other.report(name) == first.report(name), f"{name} differs under {differs}"


def test_text_formats_are_utf8_whatever_the_locale(outcomes: list[Outcome]) -> None:
    ascii_locale = next(o for o in outcomes if o.environment["LC_ALL"] == "C")
    for name in sorted(set(FORMATS) - BINARY_FORMATS):
        text = ascii_locale.report(name).decode("utf-8")
        assert "ä" in text, f"{name}: Swedish text written as something other than UTF-8"
    ascii_locale.result.stdout.decode("utf-8")


def test_no_report_contains_todays_date(outcomes: list[Outcome]) -> None:
    # The as-of date is explicit; nothing in a report may come from the clock, not even the
    # timestamps inside a zip-based format such as DOCX.
    today = {
        datetime.now(ZoneInfo(zone)).date() for zone in ("UTC", "Europe/Stockholm", "Etc/GMT-14")
    }
    # A date alone may be a real date of the data; a clock reading carries a time with it.
    patterns = {f(day).encode() for day in today for f in (_timestamp, _compact)}
    for name in FORMATS:
        content = outcomes[0].report(name)
        for text in _readable_parts(content):
            for pattern in patterns:
                assert pattern not in text, f"{name} contains today's date"
        if zipfile.is_zipfile(io.BytesIO(content)):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for member in archive.infolist():
                    assert date(*member.date_time[:3]) not in today, f"{name}: {member.filename}"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T"


def _compact(day: date) -> str:
    return day.strftime("%Y%m%d")


def _readable_parts(content: bytes) -> list[bytes]:
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return [content]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [archive.read(member) for member in archive.namelist()]


def test_as_of_today_is_swedish_today_and_is_printed(tmp_path: Path) -> None:
    directory = make_project(tmp_path, reverse=False)
    before = datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()
    result = run(directory, OTHER_ENVIRONMENT, "--as-of", "today", "--format", "json")
    after = datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()
    stderr = result.stderr.decode("utf-8")
    as_of = json.loads(result.stdout)["as_of"]
    assert as_of in (before, after)
    assert f"today = {as_of}" in stderr, stderr
