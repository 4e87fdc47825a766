"""A JSON report is written as the bytes orjson makes, and they are the rendered text in UTF-8.

`compliance check` writes a JSON report to a file or a pipe without decoding it to `str` first
(`render_bytes`); what reaches the disk must still be `render(report).encode("utf-8")`, also
when orjson refuses a value and the standard library writes the text, and the objects shared
between findings must never carry one report's values into another.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from bundled import EXAMPLES
from test_sarif_output import haninge_report, varied_report

from compliance import api
from compliance.cli.check import Destination, _write_reports
from compliance.data.dataset import Location
from compliance.findings import Citation, Report, Subject
from compliance.reporters import render_report_bytes
from compliance.reporters.json import render, render_bytes, report_document
from compliance.reporters.surrogates import shown_surrogates


def example_report(example: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    """The example checked through the API as its compliance.toml says, from its folder."""
    monkeypatch.chdir(example)  # paths in a report are relative to the working directory
    config = tomllib.loads((example / "compliance.toml").read_text("utf-8"))
    rules = api.load_rules(config["rules"])
    data = api.load_data(config["data"])
    return api.check(rules, data, period=str(config["period"]), as_of=config["as_of"])


def compliance_check(*args: str, cwd: Path) -> bytes:
    """`python -m compliance check ARGS` as a user runs it; its stdout as bytes."""
    result = subprocess.run(
        [sys.executable, "-m", "compliance", "check", *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr.decode("utf-8", "replace")
    return result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_the_report_file_is_the_rendered_text_in_utf8(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "report.json"
    compliance_check("--format", "json", "--output", str(output), cwd=example)
    expected = render(example_report(example, monkeypatch)).encode("utf-8")
    assert output.read_bytes() == expected
    assert "ä" in expected.decode("utf-8")  # Swedish letters as they are, not escaped


def test_the_report_on_stdout_is_the_rendered_text_in_utf8(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    example = EXAMPLES[0]
    written = compliance_check("--format", "json", cwd=example)
    assert written == render(example_report(example, monkeypatch)).encode("utf-8")


# ---------------------------------------------------------------- the standard library's text


def beyond_64_bits(report: Report) -> Report:
    """`report` with a line number orjson cannot write: the standard library writes the text."""
    first = report.findings[0]
    location = Location("organisation.yaml", 2**70, 1)
    return replace(report, findings=(replace(first, location=location), *report.findings[1:]))


def not_utf8(report: Report) -> Report:
    """`report` read from a data file whose name is not UTF-8 (`syn\\xff.yaml` on Linux),
    which Python spells with a lone surrogate: text that has no UTF-8 bytes."""
    return replace(report, data_files=(*report.data_files, "syn\udcff.yaml"))


def test_a_report_orjson_refuses_is_written_as_the_standard_library_writes_it(
    tmp_path: Path,
) -> None:
    report = beyond_64_bits(varied_report())
    with pytest.raises(orjson.JSONEncodeError):  # else this test would not reach the fallback
        orjson.dumps(report_document(report))
    output = tmp_path / "report.json"
    _write_reports(report, [Destination("json", output)])
    expected = render(report).encode("utf-8")
    assert output.read_bytes() == expected
    assert render_bytes(report) == expected
    assert b'"line": 1180591620717411303424,' in expected


def test_a_file_name_that_is_not_utf8_is_written_as_its_escape(tmp_path: Path) -> None:
    report = not_utf8(haninge_report())
    with pytest.raises(UnicodeEncodeError):  # else this test would not reach the fallback
        render(report).encode("utf-8")
    output = tmp_path / "report.json"
    _write_reports(report, [Destination("json", output)])
    expected = render(shown_surrogates(report)).encode("utf-8")
    assert output.read_bytes() == expected
    assert b'"syn\\\\udcff.yaml"' in expected  # the JSON text of `syn\udcff.yaml`
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]  # no temporary file


# ---------------------------------------------------------------- stdout


def stdout_stream(
    monkeypatch: pytest.MonkeyPatch, encoding: str = "utf-8", errors: str = "strict"
) -> io.BytesIO:
    """A stdout as the interpreter makes one for a pipe; returns the bytes below it."""
    below = io.BytesIO()
    stream = io.TextIOWrapper(below, encoding=encoding, errors=errors, newline="\n")
    monkeypatch.setattr(sys, "stdout", stream)
    return below


def test_utf8_bytes_on_stdout_come_after_the_text_written_before_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = varied_report()
    below = stdout_stream(monkeypatch)
    sys.stdout.write("före rapporten\n")  # still in the text stream's buffer
    _write_reports(report, [Destination("json", None)])
    assert below.getvalue() == ("före rapporten\n" + render(report)).encode("utf-8")


def test_a_stdout_in_another_encoding_gets_the_text_in_that_encoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = haninge_report()
    below = stdout_stream(monkeypatch, encoding="latin-1", errors="replace")
    _write_reports(report, [Destination("json", None)])
    assert below.getvalue() == render(report).encode("latin-1", "replace")
    assert "Förskolenämnden".encode("latin-1") in below.getvalue()


def test_a_file_name_that_is_not_utf8_is_on_stdout_as_in_a_report_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    report = not_utf8(haninge_report())
    output = tmp_path / "report.json"
    _write_reports(report, [Destination("json", output)])
    # Even a stream that would write the undecodable byte itself gets the file's bytes.
    below = stdout_stream(monkeypatch, errors="surrogateescape")
    _write_reports(report, [Destination("json", None)])
    assert below.getvalue() == output.read_bytes()
    assert b"\xff" not in below.getvalue()


# ---------------------------------------------------------------- shared objects


def renamed(report: Report, mark: str) -> Report:
    """`report` with new subject and source objects whose names end in `mark`."""
    subjects: dict[Subject, Subject] = {}
    sources: dict[Citation, Citation] = {}
    findings = []
    for finding in report.findings:
        subject = subjects.setdefault(
            finding.subject, replace(finding.subject, name=finding.subject.name + mark)
        )
        source = sources.setdefault(
            finding.source, replace(finding.source, document=finding.source.document + mark)
        )
        findings.append(replace(finding, subject=subject, source=source))
    return replace(report, findings=tuple(findings))


def named(report: Report) -> list[tuple[str, str]]:
    return [(f.subject.name, f.source.document) for f in report.findings]


def written_names(text: str) -> list[tuple[str, str]]:
    findings = json.loads(text)["findings"]
    return [(f["subject"]["name"], f["source"]["document"]) for f in findings]


def test_shared_objects_never_carry_one_reports_values_into_the_next() -> None:
    base = haninge_report()
    freed: set[int] = set()
    reused = 0
    for run in range(12):
        report = renamed(base, f" ({run})")
        ids = {id(f.subject) for f in report.findings} | {id(f.source) for f in report.findings}
        reused += len(ids & freed)
        for text in (render(report), render_bytes(report).decode("utf-8")):
            assert written_names(text) == named(report)
        freed |= ids
        del report  # its subjects and sources are freed, and their ids can be given out again
    assert reused  # the case a cache by `id()` must survive did happen


def test_report_files_of_every_format_are_their_text_in_utf8() -> None:
    report = varied_report()
    json_bytes = render_report_bytes(report, "json")
    assert json_bytes == render(report).encode("utf-8")
    sarif_bytes = render_report_bytes(report, "sarif")
    assert json.loads(sarif_bytes)["version"] == "2.1.0"
    assert render_report_bytes(report, "docx").startswith(b"PK")  # a binary format as it is
