"""Every language's message catalogue is a full twin of the Swedish one, and an English report
of the Haninge example carries no Swedish catalogue text.

A language is a folder in compliance/messages/; each of its files must match the Swedish file
of the same name key for key and placeholder for placeholder, so a catalogue added later is
covered without touching this test.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from compliance import api
from compliance.explain import explain_rule
from compliance.findings import Outcome
from compliance.messages import LANGUAGES, _flatten, catalogue, message, use_language
from compliance.testing.rendering import render
from compliance.testing.running import run_tests

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ROOT / "compliance" / "messages"
SWEDISH = "sv"
# Files every language must have: what the terminal report, `explain` and `compliance test` say.
REQUIRED_FILES = ("evidence.toml", "report.toml", "test.toml")

# Keys whose translation may equal the Swedish text although it has words in it, and why.
# A template with no letters outside its placeholders (`{name}`, `{source} = {value}`, `–`)
# has nothing to translate and may always stay the same.
SAME_IN_EVERY_LANGUAGE: dict[str, str] = {
    "test.summary.counts": "English in every language on purpose: CI logs search for it",
}


def languages() -> list[str]:
    return sorted(
        folder.name
        for folder in MESSAGES.iterdir()
        if folder.is_dir() and any(folder.glob("*.toml"))
    )


def translations() -> list[str]:
    return [lang for lang in languages() if lang != SWEDISH]


def file_pairs() -> list[tuple[str, str]]:
    """(language, file) for every file either the language or Swedish has."""
    pairs = []
    for lang in translations():
        names = {p.name for p in (MESSAGES / lang).glob("*.toml")}
        names |= {p.name for p in (MESSAGES / SWEDISH).glob("*.toml")}
        pairs.extend((lang, name) for name in sorted(names))
    return pairs


def load(lang: str, name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    path = MESSAGES / lang / name
    with path.open("rb") as file:
        _flatten(tomllib.load(file), "", table)
    return table


def placeholders(template: str) -> set[tuple[str, str, str]]:
    """The `{name!conversion:spec}` fields of a template, in any order."""
    return {
        (field, conversion or "", spec or "")
        for _, field, spec, conversion in string.Formatter().parse(template)
        if field is not None
    }


class Anything:
    """A stand-in for any value a template may be given, even `{a.b}` or `{a[0]}`."""

    def __format__(self, spec: str) -> str:
        return "X"

    def __getattr__(self, name: str) -> Anything:
        return self

    def __getitem__(self, key: object) -> Anything:
        return self


def has_words(template: str) -> bool:
    """Whether a template has letters outside its placeholders: something to translate."""
    return any(
        character.isalpha()
        for literal, _, _, _ in string.Formatter().parse(template)
        for character in literal
    )


def root_name(field: str) -> str:
    return re.split(r"[.\[]", field, maxsplit=1)[0]


# ---------------------------------------------------------------- the catalogues match


def test_there_is_a_translation_to_check() -> None:
    assert SWEDISH in languages()
    assert "en" in translations()


def test_every_catalogue_folder_is_a_language_the_user_can_choose() -> None:
    # `--lang` and the `lang` setting accept LANGUAGES; each needs its folder, and vice versa.
    assert sorted(LANGUAGES) == languages()


@pytest.mark.parametrize("lang", translations())
def test_every_language_has_the_files_the_reports_need(lang: str) -> None:
    assert [name for name in REQUIRED_FILES if not (MESSAGES / lang / name).is_file()] == []


@pytest.mark.parametrize(("lang", "name"), file_pairs())
def test_a_catalogue_file_exists_in_both_languages(lang: str, name: str) -> None:
    # A file in one language only would leave the other without its keys: a KeyError mid-run.
    assert (MESSAGES / SWEDISH / name).is_file(), f"{lang}/{name} has no Swedish original"
    assert (MESSAGES / lang / name).is_file(), f"sv/{name} has no {lang} translation"


def present_pairs() -> list[tuple[str, str]]:
    return [
        (lang, name)
        for lang, name in file_pairs()
        if (MESSAGES / lang / name).is_file() and (MESSAGES / SWEDISH / name).is_file()
    ]


@pytest.mark.parametrize(("lang", "name"), present_pairs())
def test_the_same_keys_as_swedish(lang: str, name: str) -> None:
    swedish, translated = load(SWEDISH, name), load(lang, name)
    assert sorted(set(swedish) - set(translated)) == [], "not translated"
    assert sorted(set(translated) - set(swedish)) == [], "not in the Swedish file"


@pytest.mark.parametrize(("lang", "name"), present_pairs())
def test_the_same_placeholders_as_swedish(lang: str, name: str) -> None:
    swedish, translated = load(SWEDISH, name), load(lang, name)
    differing = {
        key: (sorted(placeholders(swedish[key])), sorted(placeholders(translated[key])))
        for key in sorted(set(swedish) & set(translated))
        if placeholders(swedish[key]) != placeholders(translated[key])
    }
    assert differing == {}


@pytest.mark.parametrize("lang", languages())
def test_every_template_formats(lang: str) -> None:
    broken = {}
    for key, template in catalogue(lang).items():
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        if any(not root_name(field) or root_name(field).isdigit() for field in fields):
            broken[key] = "a positional field: `message()` passes values by name only"
            continue
        try:
            template.format(**{root_name(field): Anything() for field in fields})
        except (ValueError, IndexError, KeyError, AttributeError) as error:
            broken[key] = str(error)
    assert broken == {}


@pytest.mark.parametrize(("lang", "name"), present_pairs())
def test_every_value_is_translated(lang: str, name: str) -> None:
    swedish, translated = load(SWEDISH, name), load(lang, name)
    untranslated = [
        key
        for key in sorted(set(swedish) & set(translated))
        if swedish[key] == translated[key]
        and key not in SAME_IN_EVERY_LANGUAGE
        and has_words(swedish[key])
    ]
    assert untranslated == []


def test_the_list_of_words_kept_as_they_are_names_real_keys() -> None:
    assert sorted(set(SAME_IN_EVERY_LANGUAGE) - set(catalogue(SWEDISH))) == []


def test_use_language_switches_the_catalogue_for_the_run() -> None:
    with use_language("en"):
        assert message("report.outcome.fail") == "Deviation"
        assert message("outcome.pass", subject="Socialnämnden") == (
            "The requirement is met for Socialnämnden."
        )
    assert message("report.outcome.fail") == "Avvikelse"


# ---------------------------------------------------------------- the Haninge report in English


def haninge_terminal(lang: str) -> str:
    config = tomllib.loads((ROOT / "compliance.toml").read_text("utf-8"))
    with pytest.MonkeyPatch.context() as patch, use_language(lang):
        patch.chdir(ROOT)
        rules = api.load_rules(config["rules"])
        data = api.load_data(config["data"])
        report = api.check(rules, data, period=config["period"], as_of=config["as_of"])
        text = api.render(report, "terminal")
    assert isinstance(text, str)
    return text


@cache
def rendered(lang: str) -> str:
    # The Swedish report is the one the golden test pins; translations are rendered here.
    if lang == SWEDISH:
        return (ROOT / "tests" / "golden" / "haninge.txt").read_text("utf-8")
    return haninge_terminal(lang)


def swedish_phrases() -> Iterator[tuple[str, str]]:
    """(key, phrase): the words of the Swedish report and evidence templates between their
    placeholders, where at least two words long. Single words (`och`, `maj`) are left to the
    line-by-line checks below, since rule texts written in Swedish use them too."""
    table = {**load(SWEDISH, "evidence.toml"), **load(SWEDISH, "report.toml")}
    for key, template in sorted(table.items()):
        for literal, _, _, _ in string.Formatter().parse(template):
            phrase = literal.strip(" .,:;()–`”")
            if len(phrase.split()) >= 2:
                yield key, phrase


def blocks(text: str) -> list[list[str]]:
    """The report cut at its blank lines."""
    return [block.splitlines() for block in re.split(r"\n\s*\n", text.strip("\n"))]


SYMBOL = "[✓✗–?…⊘]"


def swedish_catalogue_text(report: str, lang: str) -> list[str]:
    """What in `report` is Swedish catalogue text, as `where: text`: a phrase of an evidence or
    report template anywhere, or a Swedish word on a line only the catalogue writes (headings,
    labels, the legend, outcome words, the totals)."""
    sv = catalogue(SWEDISH)

    def swedish(*keys: str) -> set[str]:
        return {sv[key] for key in keys} - {""}

    outcomes = swedish(*(f"report.outcome.{o.value}" for o in Outcome))
    shorts = swedish(*(f"report.outcome_short.{o.value}" for o in Outcome))
    found = [f"{key}: {phrase}" for key, phrase in swedish_phrases() if phrase in report]
    lines = report.splitlines()
    parts = blocks(report)

    if sv["report.header.title"] in lines[0]:
        found.append(f"title: {lines[0]}")
    header_labels = swedish(*(f"report.header.{k}" for k in ("period", "as_of", "tool")))
    header_labels |= swedish("report.header.rule_files", "report.header.data_files")
    found += [
        f"header: {label}"
        for line in parts[0][1:]
        if (label := line.split(":", 1)[0].strip()) in header_labels
    ]
    headings = swedish(
        "report.table.title",
        "report.table.cross_cutting",
        "report.legend.title",
        "report.details.title",
    )
    found += [f"heading: {line.strip()}" for line in lines if line.strip() in headings]
    found += [
        f"table: {sv['report.table.board']}"
        for line in lines
        if line.startswith(sv["report.table.board"] + " ")
    ]
    cell = re.compile(SYMBOL + r" (?:\d+ )?(" + "|".join(map(re.escape, shorts)) + r")(?!\w)")
    found += [f"cell: {match[1]}" for match in cell.finditer(report)]

    legend_title = catalogue(lang)["report.legend.title"]
    legend = next(block for block in parts if block[0] == legend_title)
    found += [f"legend: {word}" for line in legend for word in outcomes if word in line]
    head = re.compile(rf"^  {SYMBOL} (.+?) · ", re.MULTILINE)
    found += [f"finding: {match[1]}" for match in head.finditer(report) if match[1] in outcomes]
    detail_labels = swedish(
        *(
            f"report.details.{k}"
            for k in ("severity", "source", "url", "rule_file", "evidence", "missing")
        ),
        "report.details.deadline",
        "report.details.recommendation",
    )
    label = re.compile(r"^ +([^\W\d][\w ]*):(?: |$)", re.MULTILINE)
    found += [f"label: {match[1]}" for match in label.finditer(report) if match[1] in detail_labels]

    totals = " ".join(parts[-1])
    found += [f"totals: {word}" for word in sorted(outcomes) if word in totals]
    total_word = sv["report.summary.total_many"].split("{", 1)[0].strip()
    if totals.startswith(total_word):
        found.append(f"totals: {total_word}")
    return found


@pytest.mark.parametrize("lang", translations())
def test_the_haninge_report_has_no_swedish_catalogue_text(lang: str) -> None:
    assert swedish_catalogue_text(rendered(lang), lang) == []


def test_the_swedish_report_is_caught_by_the_same_check() -> None:
    found = swedish_catalogue_text(rendered(SWEDISH), SWEDISH)
    for expected in (
        "title: Kontroll av styrdokumentens krav – Haninge kommun",
        "header: Avstämningsdag",
        "heading: Iakttagelser",
        "table: Nämnd",
        "cell: avv",
        "legend: Avvikelse",
        "finding: Underlag saknas",
        "label: Underlag",
        "totals: Totalt",
        "totals: Ej förfallet",
        "outcome.not_applicable: Kravet är inte tillämpligt för",
        "evidence.fails: stämmer inte",
    ):
        assert expected in found


def test_the_english_haninge_report_reads_in_english() -> None:
    text = rendered("en")
    first_lines = text.splitlines()[:3]
    assert first_lines == [
        "Review of steering document requirements – Haninge kommun",
        "Reporting period:  2025 (2025-01-01 – 2025-12-31)",
        "As of:             2026-09-30",
    ]
    assert "\nKey\n  ✗ dev.     Deviation\n  ? missing  Insufficient evidence\n" in text
    assert "\n  ✗ Deviation · " in text
    assert "The requirement does not apply to Valnämnden: " in text
    assert "• Deadline: 2026-10-14 (as of 2026-09-30)." in text
    totals = " ".join(blocks(text)[-1])
    assert totals == (
        "127 assessments in total: Deviation 15, Insufficient evidence 4, Not yet due 1, "
        "Not applicable 22, Met 85."
    )


def test_rule_texts_stay_as_written() -> None:
    # Titles, messages and recommendations come from the rule files, in their own language.
    text = rendered("en")
    assert "HAN-TG  Samtliga nämnder ska ha tjänstegarantier" in text
    assert "Valnämnden har ingen gällande tjänstegaranti för 2025." in text


# ---------------------------------------------------------------- `explain` and `compliance test`


def test_explain_in_english() -> None:
    rules = api.load_rules([ROOT / "policy_rules" / "lkbr.rules"])
    with use_language("en"):
        text = explain_rule(rules.program.rules[0])
    assert text.startswith("Requirement LKBR-13.1\n  Title:             Minst en delårsrapport")
    for line in (
        "  Severity:          medium",
        "  Subject:           the municipality as a whole",
        "  In force:          with no time limit",
    ):
        assert line + "\n" in text


def test_compliance_test_output_in_english() -> None:
    with use_language("en"):
        run = run_tests([ROOT / "policy_rules" / "lkbr.test.yaml"])
        text = render(run, "terminal")
    assert "\nCoverage: the only rule has cases that expect both pass and fail.\n" in text
    assert text.endswith("\n5 passed, 0 failed\n")
