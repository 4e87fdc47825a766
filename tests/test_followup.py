"""`compliance diff`: two JSON reports compared finding by finding (uppföljning av tidigare
granskning), shown on the two Haninge years and on reports edited to show each kind of change.

The Haninge reports are written by the real `compliance check --format json`, run in each
year's fixture folder. The diff of the two is pinned byte for byte in tests/golden/haninge-diff.*;
regenerate after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_followup.py`
and review the diff like any other change.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_process import run

from compliance.diagnostic_codes import CODES
from compliance.diagnostics import InputError, render_diagnostic
from compliance.findings import Outcome
from compliance.followup.command import run_diff
from compliance.followup.comparing import classify, compare
from compliance.followup.formats import FORMATS
from compliance.followup.model import Absence, Change, Note, ReportDiff, ReportedFinding
from compliance.followup.reading import read_report
from compliance.followup.render_markdown import escape
from compliance.messages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
HANINGE = ROOT / "fixtures" / "haninge"
GOLDEN_FILES = {
    "terminal": "haninge-diff.txt",
    "json": "haninge-diff.json",
    "markdown": "haninge-diff.md",
}

Document = dict[str, Any]


# ---------------------------------------------------------------- the two Haninge years


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with haninge-2024.json and haninge-2025.json, written by `compliance check`."""
    folder = tmp_path_factory.mktemp("reports")
    for year, fixture in (("2024", HANINGE / "2024"), ("2025", HANINGE)):
        result = run(
            "check", "--format", "json", "--output", folder / f"haninge-{year}.json", cwd=fixture
        )
        assert result.code == 1, result.stderr  # both years have deviations
    return folder


@pytest.fixture
def in_reports(reports: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in the reports' folder, so the diff names them as a user would see them."""
    monkeypatch.chdir(reports)
    return reports


def haninge_diff(folder: Path) -> ReportDiff:
    return compare(
        read_report(folder / "haninge-2024.json"), read_report(folder / "haninge-2025.json")
    )


def keys(diff: ReportDiff, change: Change) -> list[tuple[str, str]]:
    return [(c.rule, c.subject.id) for c in diff.of(change)]


def test_the_two_years_are_two_periods_of_the_same_kommun(reports: Path) -> None:
    diff = haninge_diff(reports)
    assert (diff.old.period.label, diff.new.period.label) == ("2024", "2025")
    assert (diff.old.as_of.isoformat(), diff.new.as_of.isoformat()) == ("2025-09-30", "2026-09-30")
    assert diff.kommun == "Haninge kommun"
    assert diff.notes == ()
    assert diff.rules_added == diff.rules_removed == ()
    # The 2024 fixture says what it was built to show; the diff finds exactly that.
    assert diff.old.count(Outcome.FAIL) == 21 and diff.old.count(Outcome.INSUFFICIENT_DATA) == 3


def test_haninge_new_deviations_in_2025(reports: Path) -> None:
    assert keys(haninge_diff(reports), Change.NEW) == [
        ("HAN-SYN", "grundskolenämnden"),
        ("HAN-ÅB", "socialförvaltningen"),
        ("HAN-UPPF-UTF", "utf-parkenheten"),
        ("HAN-TG-ÅTG", "tekniska_nämnden"),
        ("HAN-MÅL-NÄMND", "stadsbyggnadsnämnden"),
        ("KL-6.6", "kulturnämnden"),
        ("KL-6.6", "stadsbyggnadsnämnden"),
    ]


def test_haninge_persisting_deviations_note_an_outcome_that_changed(reports: Path) -> None:
    diff = haninge_diff(reports)
    assert keys(diff, Change.PERSISTING) == [
        ("HAN-TG", "valnämnden"),
        ("HAN-TG", "överförmyndarnämnden"),
        ("HAN-SYN", "tekniska_nämnden"),
        ("HAN-ÅB", "gymnasieförvaltningen"),
        ("HAN-AVV", "arbetsmarknadsnämnden"),
        ("HAN-UPPF-UTF", "utf-parkskötsel"),
        ("HAN-MÅL-NÄMND", "överförmyndarnämnden"),
        ("HAN-MÅL-FÖRV", "gymnasieförvaltningen"),
        ("KL-5.3", "haninge"),
        ("KL-6.6", "överförmyndarnämnden"),
        ("KL-10.8", "utf-parkskötsel"),
        ("KL-10.9", "utf-parkskötsel"),
    ]
    changed = [(c.rule, c.subject.id) for c in diff.of(Change.PERSISTING) if c.outcome_changed]
    assert changed == [("HAN-ÅB", "gymnasieförvaltningen")]
    gymnasie = next(c for c in diff.of(Change.PERSISTING) if c.outcome_changed)
    assert gymnasie.before is not None and gymnasie.after is not None
    assert (gymnasie.before.outcome, gymnasie.after.outcome) == (
        Outcome.FAIL,
        Outcome.INSUFFICIENT_DATA,
    )
    # The message reads differently every year (numbers, the year); that is not a change.
    tekniska = next(c for c in diff.of(Change.PERSISTING) if c.rule == "HAN-SYN")
    assert tekniska.before is not None and tekniska.after is not None
    assert tekniska.before.message != tekniska.after.message


def test_haninge_resolved_by_2025_including_one_that_no_longer_applies(reports: Path) -> None:
    diff = haninge_diff(reports)
    assert keys(diff, Change.RESOLVED) == [
        ("HAN-SYN", "kommunstyrelsen"),
        ("HAN-ÅB", "äldreförvaltningen"),
        ("HAN-AVV", "äldrenämnden"),
        ("HAN-UPPF-UTF", "utf-hemtjänst"),
        ("HAN-UPPF-UTF", "utf-daglig-verksamhet"),
        ("HAN-UPPF-UTF", "utf-skolskjuts"),
        ("HAN-MÅL-FÖRV", "tekniska_förvaltningen"),
        ("KL-6.6", "socialnämnden"),
        ("KL-6.6", "äldrenämnden"),
        ("KL-10.8", "utf-skolskjuts"),
        ("KL-10.9", "utf-assistans"),
        ("KL-11.16", "haninge"),
    ]
    after = {(c.rule, c.subject.id): c.after for c in diff.of(Change.RESOLVED)}
    assistans = after[("KL-10.9", "utf-assistans")]
    assert assistans is not None and assistans.outcome is Outcome.NOT_APPLICABLE
    assert diff.of(Change.WAIVED) == diff.of(Change.NOT_DUE) == ()


@pytest.mark.parametrize("format", sorted(GOLDEN_FILES))
def test_the_haninge_diff_matches_its_golden_file(in_reports: Path, format: str) -> None:
    output = in_reports / f"diff-{format}"
    code = run_diff(
        Path("haninge-2024.json"),
        Path("haninge-2025.json"),
        format=format,
        output=output,
        lang="sv",
    )
    assert code == 1  # seven new deviations
    golden = GOLDEN / GOLDEN_FILES[format]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(output.read_bytes())
    assert output.read_bytes() == golden.read_bytes()


def test_the_haninge_diff_reads_as_a_follow_up(
    in_reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_diff(
        Path("haninge-2024.json"),
        Path("haninge-2025.json"),
        format="terminal",
        output=None,
        lang="sv",
    )
    text = capsys.readouterr().out
    assert text.startswith("Uppföljning av tidigare granskning – Haninge kommun\n")
    assert "Nya avvikelser (7)\n" in text and "Kvarstående avvikelser (12)\n" in text
    assert "Åtgärdade (12)\n" in text
    assert "Undantag (" not in text  # no waivers in either year: no empty section for them
    block = text[text.index("HAN-ÅB  Årsberättelse") :]
    assert re.search(
        r"förvaltning Socialförvaltningen .*\n +2025 +✗ Avvikelse +Socialförvaltningen har", block
    )
    assert re.search(r"\n +2024 +✓ Uppfyllt +Socialförvaltningens årsberättelse för 2024", block)
    assert text.endswith("Jämfört med 2024: nya avvikelser 7, kvarstående 12, åtgärdade 12.\n")
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "\x1b[" not in text


def test_the_diff_in_english(in_reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for format in ("terminal", "markdown"):
        run_diff(
            Path("haninge-2024.json"),
            Path("haninge-2025.json"),
            format=format,
            output=None,
            lang="en",
        )
        text = capsys.readouterr().out
        assert "Follow-up of an earlier review – Haninge kommun" in text
        assert "New deviations (7)" in text and "Resolved (12)" in text
        for swedish in (
            "Nya avvikelser",
            "Kvarstående",
            "Åtgärdade",
            "Tidigare granskning",
            "Avvikelse ·",
        ):
            assert swedish not in text
        # Messages come from the reports, written in the language of the check run.
        assert "Valnämnden har ingen gällande tjänstegaranti för 2025." in text


def test_the_json_diff_is_versioned_and_lists_each_change(reports: Path) -> None:
    output = reports / "diff.json"
    run_diff(
        reports / "haninge-2024.json",
        reports / "haninge-2025.json",
        format="json",
        output=output,
        lang="sv",
    )
    document = json.loads(output.read_text("utf-8"))
    assert document["diff_schema_version"] == "1.0"
    assert document["summary"] == {
        "new": 7,
        "persisting": 12,
        "resolved": 12,
        "waived": 0,
        "not_due": 0,
        "rules_added": 0,
        "rules_removed": 0,
    }
    assert document["old"]["summary"]["fail"] == 21 and document["new"]["summary"]["fail"] == 15
    gymnasie = next(
        c
        for c in document["changes"]
        if c["rule"] == "HAN-ÅB" and c["subject"]["id"] == "gymnasieförvaltningen"
    )
    assert gymnasie["change"] == "persisting" and gymnasie["outcome_changed"] is True
    assert gymnasie["after"]["missing"] == ["rapporter[åb-2025-gymnasie].överlämnad[0].datum"]
    # The language of the run does not change the JSON: it has no catalogue text.
    english = reports / "diff-en.json"
    run_diff(
        reports / "haninge-2024.json",
        reports / "haninge-2025.json",
        format="json",
        output=english,
        lang="en",
    )
    assert english.read_bytes() == output.read_bytes()


def test_every_key_of_the_json_diff_is_documented(reports: Path) -> None:
    document = json.loads(FORMATS["json"](haninge_diff(reports)))
    doc = (ROOT / "docs" / "followup.md").read_text("utf-8")
    objects = [document, document["old"], document["changes"][0], document["changes"][0]["before"]]
    undocumented = sorted({key for obj in objects for key in obj if f"| `{key}` |" not in doc})
    assert undocumented == []


def test_the_later_report_first_shows_the_reverse_and_says_so(reports: Path) -> None:
    diff = compare(
        read_report(reports / "haninge-2025.json"), read_report(reports / "haninge-2024.json")
    )
    assert diff.notes == (Note.OLD_PERIOD_IS_LATER,)
    assert len(diff.of(Change.NEW)) == 12 and len(diff.of(Change.RESOLVED)) == 7
    text = FORMATS["terminal"](diff)
    assert isinstance(text, str) and "Angavs filerna i rätt ordning" in " ".join(text.split())


def test_a_report_compared_with_itself_has_nothing_new(
    in_reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_diff(
        Path("haninge-2025.json"),
        Path("haninge-2025.json"),
        format="terminal",
        output=None,
        lang="sv",
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "Nya avvikelser (0)\n" in text and "Kvarstående avvikelser (19)\n" in text
    assert "Båda rapporterna gäller 2025" in text
    # Both reports have the same period label: the lines are called Nu and Tidigare.
    assert re.search(r"\n +Nu +✗ Avvikelse +Valnämnden har", text)


# ---------------------------------------------------------------- each kind of change


def finding(outcome: Outcome | None) -> ReportedFinding | None:
    from compliance.findings import Severity, Subject

    if outcome is None:
        return None
    subject = Subject("nämnd", "valnämnden", "Valnämnden", "valnämnden", "Valnämnden")
    return ReportedFinding("HAN-TG", "T", Severity.HIGH, outcome, subject, "m")


FA, IN, WA, PA, NA, ND = (
    Outcome.FAIL,
    Outcome.INSUFFICIENT_DATA,
    Outcome.WAIVED,
    Outcome.PASS,
    Outcome.NOT_APPLICABLE,
    Outcome.NOT_DUE,
)
# (before, after) → change; None as an outcome: not in that report; None as a change: not listed.
CLASSIFICATION: list[tuple[Outcome | None, Outcome | None, Change | None]] = [
    (PA, FA, Change.NEW),
    (NA, IN, Change.NEW),
    (ND, FA, Change.NEW),
    (None, FA, Change.NEW),
    (WA, FA, Change.NEW),  # the waiver expired or was withdrawn
    (FA, FA, Change.PERSISTING),
    (FA, IN, Change.PERSISTING),
    (IN, FA, Change.PERSISTING),
    (FA, PA, Change.RESOLVED),
    (IN, NA, Change.RESOLVED),
    (FA, None, Change.RESOLVED),
    (WA, PA, Change.RESOLVED),
    (WA, None, Change.RESOLVED),
    (FA, WA, Change.WAIVED),
    (WA, WA, Change.WAIVED),
    (None, WA, Change.WAIVED),
    (FA, ND, Change.NOT_DUE),
    (WA, ND, Change.NOT_DUE),
    (PA, PA, None),
    (PA, NA, None),
    (ND, PA, None),
    (None, PA, None),
    (PA, None, None),
    (NA, ND, None),
]


@pytest.mark.parametrize(("before", "after", "expected"), CLASSIFICATION)
def test_classification(
    before: Outcome | None, after: Outcome | None, expected: Change | None
) -> None:
    assert classify(finding(before), finding(after)) is expected


def load(folder: Path, name: str) -> Document:
    document: Document = json.loads((folder / name).read_text("utf-8"))
    return document


def write(folder: Path, name: str, document: Document) -> Path:
    path = folder / name
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


def edited_diff(
    reports: Path,
    tmp_path: Path,
    edit_old: Callable[[Document], None],
    edit_new: Callable[[Document], None],
) -> ReportDiff:
    old, new = load(reports, "haninge-2025.json"), load(reports, "haninge-2025.json")
    edit_old(old)
    edit_new(new)
    return compare(
        read_report(write(tmp_path, "old.json", old)), read_report(write(tmp_path, "new.json", new))
    )


def nothing(document: Document) -> None:
    del document


def drop_rule(rule: str) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        document["rules"] = [r for r in document["rules"] if r["id"] != rule]
        document["findings"] = [f for f in document["findings"] if f["rule"] != rule]

    return edit


def test_a_rule_added_makes_its_failing_findings_new(reports: Path, tmp_path: Path) -> None:
    diff = edited_diff(reports, tmp_path, drop_rule("KL-6.6"), nothing)
    assert [r.id for r in diff.rules_added] == ["KL-6.6"] and diff.rules_removed == ()
    new = diff.of(Change.NEW)
    assert [c.subject.id for c in new] == [
        "kulturnämnden",
        "stadsbyggnadsnämnden",
        "överförmyndarnämnden",
    ]
    assert {c.absence for c in new} == {Absence.RULE_NOT_CHECKED}
    text = FORMATS["terminal"](diff)
    assert isinstance(text, str)
    assert "regeln prövades inte vid den tidigare granskningen" in text
    assert (
        "Regler som har tillkommit sedan den tidigare granskningen (1)\n  KL-6.6  Nämnden har"
        in text
    )


def test_a_rule_removed_resolves_nothing_silently(reports: Path, tmp_path: Path) -> None:
    diff = edited_diff(reports, tmp_path, nothing, drop_rule("KL-6.6"))
    assert [r.id for r in diff.rules_removed] == ["KL-6.6"]
    resolved = diff.of(Change.RESOLVED)
    assert [(c.rule, c.absence) for c in resolved] == [("KL-6.6", Absence.RULE_NOT_CHECKED)] * 3
    markdown = FORMATS["markdown"](diff)
    assert isinstance(markdown, str)
    assert "*regeln prövas inte längre*" in markdown
    assert "## Regler som prövades vid den tidigare granskningen men inte längre (1)" in markdown


def test_a_subject_gone_from_the_data(reports: Path, tmp_path: Path) -> None:
    def drop_valnämnden(document: Document) -> None:
        document["findings"] = [
            f for f in document["findings"] if f["subject"]["id"] != "valnämnden"
        ]

    diff = edited_diff(reports, tmp_path, nothing, drop_valnämnden)
    resolved = diff.of(Change.RESOLVED)
    assert [(c.rule, c.subject.id, c.absence) for c in resolved] == [
        ("HAN-TG", "valnämnden", Absence.NO_FINDING)
    ]
    assert resolved[0].after is None and resolved[0].subject.name == "Valnämnden"


def test_changed_messages_and_evidence_are_not_changes(reports: Path, tmp_path: Path) -> None:
    def reword(document: Document) -> None:
        for item in document["findings"]:
            item["message"] = "Omformulerat: " + item["message"]
            item["evidence"] = [
                {"text": "annat underlag", "path": None, "value": None, "location": None}
            ]
            item["location"] = None

    diff = edited_diff(reports, tmp_path, nothing, reword)
    assert diff.counts() == {
        Change.NEW: 0,
        Change.PERSISTING: 19,
        Change.RESOLVED: 0,
        Change.WAIVED: 0,
        Change.NOT_DUE: 0,
    }


def test_waived_findings_are_shown_apart_with_their_waiver(reports: Path, tmp_path: Path) -> None:
    waiver = {
        "rule": "HAN-TG",
        "subject": "valnämnden",
        "justification": "Nämnden avvecklas 2027; garantier tas inte fram.",
        "decided_by": "Kommunstyrelsen",
        "reference": "KS 2026/123",
        "valid_until": "2027-06-30",
        "expired": False,
        "original_outcome": "fail",
        "location": {"file": "undantag.yaml", "line": 2, "column": 5},
    }

    def waive(document: Document) -> None:
        for item in document["findings"]:
            if item["rule"] == "HAN-TG" and item["subject"]["id"] == "valnämnden":
                item["outcome"], item["waiver"] = "waived", waiver

    diff = edited_diff(reports, tmp_path, nothing, waive)
    assert [(c.rule, c.subject.id) for c in diff.of(Change.WAIVED)] == [("HAN-TG", "valnämnden")]
    assert not diff.has_new_failures
    text = FORMATS["terminal"](diff)
    assert isinstance(text, str)
    assert "Undantag (1)\n" in text
    assert "Undantag till och med 2027-06-30 (KS 2026/123): Nämnden avvecklas 2027" in " ".join(
        text.split()
    )
    # The other way round, the waiver has lapsed: the deviation fails the run again.
    back = compare(read_report(tmp_path / "new.json"), read_report(tmp_path / "old.json"))
    assert [(c.rule, c.subject.id) for c in back.of(Change.NEW)] == [("HAN-TG", "valnämnden")]
    assert back.has_new_failures


def test_markdown_escapes_what_the_reports_say() -> None:
    assert escape("a | b <script>&\nc") == "a \\| b &lt;script&gt;&amp; c"


# ---------------------------------------------------------------- bad input


def diagnostics(old: Path, new: Path, **options: Any) -> list[str]:
    arguments: dict[str, Any] = {"format": "terminal", "output": None, "lang": "sv", **options}
    with pytest.raises(InputError) as error:
        run_diff(old, new, **arguments)
    return [render_diagnostic(d) for d in error.value.diagnostics]


def test_missing_and_unreadable_files(in_reports: Path) -> None:
    (in_reports / "mapp.json").mkdir(exist_ok=True)
    shown = diagnostics(Path("haninge-2026.json"), Path("mapp.json"))
    assert shown == [
        "haninge-2026.json: error[E430]: no such file: `haninge-2026.json`\n"
        "  = help: did you mean `haninge-2025.json`?",
        "mapp.json: error[E430]: `mapp.json` is a directory, not a report\n"
        "  = help: give two reports written by `compliance check --format json`",
    ]


def test_a_json_syntax_error_is_shown_at_its_line_and_column(in_reports: Path) -> None:
    (in_reports / "trasig.json").write_text(
        '{\n  "schema_version": "1.1",\n  "findings": [,]\n}\n', "utf-8"
    )
    shown = diagnostics(Path("trasig.json"), Path("haninge-2025.json"))
    assert shown == [
        "trasig.json:3:16: error[E431]: this is not valid JSON: expecting value\n"
        "  |\n"
        '3 |   "findings": [,]\n'
        "  |                ^\n"
        "  = help: give two reports written by `compliance check --format json`"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "`bad.json` is empty, not a JSON report"),
        (
            b'{"schema_version": "1.1", "kommun": "Haninge \xe5"}',
            "`bad.json` is not UTF-8 text (byte 46)",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "`bad.json` is nested too deeply"),
    ],
    ids=["empty", "latin-1", "deep"],
)
def test_files_that_are_not_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_bytes(content)
    with pytest.raises(InputError) as error:
        read_report(tmp_path / "bad.json")
    [problem] = error.value.diagnostics
    assert problem.code == "E431" and problem.message == expected


def test_a_byte_order_mark_is_accepted(reports: Path, tmp_path: Path) -> None:
    text = (reports / "haninge-2025.json").read_text("utf-8")
    (tmp_path / "bom.json").write_text("\ufeff" + text, "utf-8")
    assert read_report(tmp_path / "bom.json").period.label == "2025"


def with_edit(
    reports: Path, tmp_path: Path, edit: Callable[[Document], Any]
) -> list[tuple[str, str]]:
    document = copy.deepcopy(load(reports, "haninge-2025.json"))
    edit(document)
    with pytest.raises(InputError) as error:
        read_report(write(tmp_path, "edited.json", document))
    return [(d.code, d.message) for d in error.value.diagnostics]


def test_json_that_is_not_a_report(reports: Path, tmp_path: Path) -> None:
    sarif = {"version": "2.1.0", "runs": []}
    assert with_edit(reports, tmp_path, lambda d: (d.clear(), d.update(sarif))) == [
        (
            "E432",
            "this JSON file is not a report written by `compliance check --format json` "
            "(it has no `schema_version` and `findings`)",
        )
    ]
    assert with_edit(reports, tmp_path, lambda d: d.update(diff_schema_version="1.0")) == [
        ("E432", "this is a `compliance diff` report, not a report of one run")
    ]


def test_every_wrong_value_in_a_report_is_named(reports: Path, tmp_path: Path) -> None:
    def damage(document: Document) -> None:
        document["as_of"] = "2026-02-30"
        document["findings"][0]["outcome"] = "passed"
        del document["findings"][1]["subject"]["id"]
        document["findings"][2]["severity"] = 3
        document["findings"].append(copy.deepcopy(document["findings"][5]))

    assert with_edit(reports, tmp_path, damage) == [
        ("E432", "`as_of` should be a date such as `2026-09-30`, not `2026-02-30`"),
        ("E432", "`findings[0].outcome` has the unknown value `passed`"),
        ("E432", "`findings[1].subject.id` is missing"),
        ("E432", "`findings[2].severity` should be a text, not a number"),
        ("E432", "the finding of rule `HAN-TG` for nämnd `socialnämnden` is in `findings` twice"),
    ]


def test_a_newer_major_version_is_refused_and_unknown_keys_are_ignored(
    reports: Path, tmp_path: Path
) -> None:
    assert with_edit(reports, tmp_path, lambda d: d.update(schema_version="2.0")) == [
        ("E433", "the report has schema version `2.0`; this version of compliance reads `1.x`")
    ]
    document = load(reports, "haninge-2025.json")
    document["schema_version"] = "1.7"
    document["a_key_from_the_future"] = {"x": 1}
    document["findings"][0]["another_one"] = []
    assert read_report(write(tmp_path, "future.json", document)).schema_version == "1.7"


def test_reports_about_different_kommuner_are_refused(in_reports: Path) -> None:
    document = load(in_reports, "haninge-2025.json")
    document["kommun"] = "Nynäshamns kommun"
    write(in_reports, "nynäshamn.json", document)
    assert diagnostics(Path("haninge-2024.json"), Path("nynäshamn.json")) == [
        "nynäshamn.json: error[E434]: `haninge-2024.json` is about Haninge kommun and "
        "`nynäshamn.json` about Nynäshamns kommun; only reports about the same kommun can be "
        "compared\n  = help: give two reports about the same kommun, usually two consecutive years"
    ]
    document["kommun"] = None
    write(in_reports, "utan-kommun.json", document)
    diff = compare(read_report(Path("haninge-2024.json")), read_report(Path("utan-kommun.json")))
    assert diff.notes == (Note.KOMMUN_UNKNOWN,) and diff.kommun == "Haninge kommun"


def test_problems_with_options_and_both_files_are_reported_together(in_reports: Path) -> None:
    (in_reports / "trasig.json").write_text("{", "utf-8")
    shown = diagnostics(
        Path("saknas.json"),
        Path("trasig.json"),
        format="pdf",
        lang="de",
        output=Path("trasig.json"),
    )
    codes = [re.search(r"error\[(E\d+)\]", line).group(1) for line in shown]  # type: ignore[union-attr]
    assert codes == ["E402", "E402", "E404", "E430", "E431"]


def test_the_diff_codes_are_registered() -> None:
    assert {"E430", "E431", "E432", "E433", "E434"} <= set(CODES)
    assert set(LANGUAGES) >= {"sv", "en"}
