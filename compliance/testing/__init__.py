"""`compliance test`: rule packs ship with tests as data, and this package runs them.

A rule pack `policy_rules/<pack>.rules` has its tests in `policy_rules/<pack>.test.yaml`: cases
that name a period, an as-of date, some data and the findings they expect. The steps, each in
its own module:

- `discovery`  which test files a run covers (files given, directories searched);
- `reading`    a test file read with positions and validated into `CaseFile`/`Case`;
- `loading`    the rule packs and data of each case, inline data located in the test file;
- `comparing`  a case's findings against its expectations, as `Difference`s;
- `coverage`   which rules have a case expecting `pass` and one expecting `fail`;
- `running`    all of the above, into one `RuleTestRun`;
- `rendering`  the run as plain text or JSON.

Test files are only ever read. docs/rule-tests.md documents the format.

Nothing is imported here: `compliance.diagnostic_codes` reads the codes in `problems`
without pulling in the whole pipeline.
"""
