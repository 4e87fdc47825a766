"""Follow-up of an earlier review (uppföljning av tidigare granskning): `compliance diff`.

Two JSON reports written by `compliance check --format json`, usually two consecutive years,
are read (`reading.py`), compared finding by finding (`comparing.py`) into a `ReportDiff`
(`model.py`), and rendered by one module per format (`render_*.py`, registered in
`formats.py`). `command.py` strings these together for the command line. The model knows
nothing about output formats; docs/followup.md describes it for renderer authors.
"""
