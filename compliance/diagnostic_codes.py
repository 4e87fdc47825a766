"""Every diagnostic code the tool can report, with a one-line meaning.

Codes are stable: CI configurations and people's notes refer to them. Ranges:
E1xx reading and parsing rule files, E2xx checking rules against the data model,
E3xx reading and validating data files, E4xx the command line and project config
(E41x: rule-pack test files, `compliance test`; E42x: waiver and baseline files;
E43x: the reports `compliance diff` compares),
W5xx warnings about rule files (reported by `compliance lint`, never fatal to `check`).
docs/diagnostics.md documents each one; a test keeps the two in step.
"""

from __future__ import annotations

from compliance.data.codes import DATA_CODES
from compliance.followup.problems import DIFF_CODES
from compliance.testing.problems import TEST_CODES

RULE_CODES: dict[str, str] = {
    "E101": "unexpected word or symbol in a rule file",
    "E102": "a character that cannot start anything, or a text that is never closed",
    "E103": "the rule file ends too early (often a missing `}`)",
    "E104": "a date that does not exist, or a validity that ends before it starts",
    "E105": "a clause given twice in one rule, header or source block",
    "E106": "a rule without a required clause (`kräver`, `allvarlighet`)",
    "E107": "a duration that is not a whole number, or longer than its unit's limit",
    "E108": "a broken `{placeholder}` in a text template",
    "E110": "a rule file that does not exist, is a directory or a pipe, or cannot be read",
    "E111": "a rule file that is too large, binary, or not UTF-8",
    "E112": "an expression nested too deeply, or too long, to read",
}

CHECK_CODES: dict[str, str] = {
    "E201": "unknown name",
    "E202": "unknown attribute",
    "E203": "values of the wrong kind for an operator (type mismatch)",
    "E204": "wrong number or kind of arguments to a built-in function",
    "E205": "unknown function",
    "E206": "something that is not a list used where a list is needed",
    "E207": "the same rule id used twice",
    "E208": "a definition that depends on itself",
    "E209": "a name defined twice, or a built-in name redefined",
    "E210": "a text compared with a value its field can never have",
    "E211": "a rule subject that is not a data collection",
    "E212": "a condition that is not yes/no",
    "E213": "a deadline that is not a date",
    "E214": "an expression nested too deeply",
}

CLI_CODES: dict[str, str] = {
    "E401": "a project config file that cannot be read or has unknown or wrong settings",
    "E402": "a bad option value (period, date, format, threshold)",
    "E403": "no rule files found, or a required input not given",
    "E404": (
        "an output path that would overwrite an input file or cannot be written, "
        "or a file `compliance init` would overwrite"
    ),
}

WAIVER_CODES: dict[str, str] = {
    "E420": "a waiver file that is not a list of waivers, or has unknown or wrong keys",
    "E421": "a waiver without a justification (`motivering`)",
    "E422": "a waiver for a rule that does not exist",
    "E423": "a waiver whose `giltigt_till` is not a date",
    "E424": "two waivers for the same rule and subject",
    "E425": "a baseline that is not a JSON report of `compliance check`",
}

LINT_CODES: dict[str, str] = {
    "W501": "a definition that is never used",
    "W502": "a rule that does not say where its requirement comes from",
    "W503": "a rule source without a verbatim quote",
    "W504": "a waiver that matches no failing finding (stale)",
}

CODES: dict[str, str] = {
    **RULE_CODES,
    **CHECK_CODES,
    **DATA_CODES,
    **CLI_CODES,
    **TEST_CODES,
    **WAIVER_CODES,
    **DIFF_CODES,
    **LINT_CODES,
}
