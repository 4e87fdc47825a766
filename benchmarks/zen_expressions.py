"""The zen-engine expressions of the benchmark rules (zen's expression language).

Zen expressions accept only ASCII names, hence `namnd`, `ar`; Swedish words are fine inside
quotes. `$.frist` is the value of an earlier expression in the same node.
"""

from __future__ import annotations

STRUKTUR_EXPRESSIONS = {
    # RIKET-ÅB's deadline: 31 May the year after the period.
    "frist": "string(period.ar + 1) + '-05-31'",
    # RIKET-TG: a gällande tjänstegaranti published by the end of the period (an unknown
    # publication date counts as published); the revision is not judged (null).
    "tg": (
        "typ == 'revision' ? null : "
        "some(garantier, #.status == 'gällande' and "
        "(#.publicerad == null or d(#.publicerad) <= d(period.slut))) ? 'pass' : 'fail'"
    ),
    # RIKET-ÅB: the period's årsberättelse handed to the nämnd by the deadline; not
    # applicable to the valnämnd; not due while the deadline has not passed.
    "ab": (
        "typ == 'revision' ? null : "
        "typ == 'valnämnd' ? 'not_applicable' : "
        "some(rapporter, #.typ == 'årsberättelse' and #.period == string(period.ar) and "
        "#.overlamnad_till == id and #.overlamnad_datum != null and "
        "d(#.overlamnad_datum) <= d($.frist)) ? 'pass' : "
        "d(avstamningsdag) <= d($.frist) ? 'not_due' : 'fail'"
    ),
}

# RIKET-SYN per synpunkt in the expression language, for the record: the 2nd working day after
# receipt is the second of the next twelve days that is neither a weekend nor in the holiday
# list (substituted for HELGDAGAR). Not used by the benchmark; see peer_zen.
EXPRESSION_SYN = (
    "d(besvarad ?? avstamningsdag) > "
    "filter(map([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], d(inkommen).add(#, 'd')), "
    "#.weekday() < 6 and not (#.format('%Y-%m-%d') in HELGDAGAR))[1]"
)
