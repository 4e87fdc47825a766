# RIKET-SYN (benchmarks/rules/synpunkter.rules) in Rego, for OPA: "Alla synpunkter ska …
# besvaras skyndsamt, inom två arbetsdagar." Per nämnd: how many synpunkter received during
# the period were checked, and how many were answered later than the 2nd working day after
# receipt (an unanswered one counts as answered on the avstämningsdag).
#
# data.riket: {"synpunkter": [{"id", "namnd", "inkommen", "besvarad" (null: unanswered)}],
#              "helgdagar": ["2025-01-01", …] (weekday holidays incl. the three eves),
#              "period": {"start", "slut", "ar"}, "avstamningsdag"}  (ISO dates as strings)
package kontroll.synpunkter

dag_ns := 86400000000000

helgdagar := {h | some h in data.riket.helgdagar}

# The 2nd working day after day d (d itself never counts): Saturdays, Sundays and the
# holidays are not working days.
frist(d) := arbetsdagar[1] if {
	t := time.parse_ns("2006-01-02", d)
	arbetsdagar := [dag |
		some i in numbers.range(1, 12)
		ns := t + (i * dag_ns)
		not time.weekday(ns) in {"Saturday", "Sunday"}
		dag := time.format([ns, "UTC", "2006-01-02"])
		not dag in helgdagar
	]
}

# The deadline for every day of the period, computed once (not once per synpunkt).
fristtabell := {d: frist(d) |
	start := time.parse_ns("2006-01-02", data.riket.period.start)
	slut := time.parse_ns("2006-01-02", data.riket.period.slut)
	some i in numbers.range(0, (slut - start) / dag_ns)
	d := time.format([start + (i * dag_ns), "UTC", "2006-01-02"])
}

svarsdag(s) := s.besvarad if s.besvarad != null

svarsdag(s) := data.riket.avstamningsdag if s.besvarad == null

sen(s) := svarsdag(s) > fristtabell[s.inkommen]

# ISO dates compare as text.
i_perioden := [s |
	some s in data.riket.synpunkter
	s.inkommen >= data.riket.period.start
	s.inkommen <= data.riket.period.slut
]

namnder := {s.namnd | some s in i_perioden}

# One comprehension per nämnd, which OPA indexes by nämnd (comprehension indexing), so the
# grouping is one pass over the synpunkter rather than one pass per nämnd.
per_namnd[n] := {"checked": count(svar), "late": count([1 | some x in svar; x])} if {
	some n in namnder
	svar := [sen(s) | some s in i_perioden; s.namnd == n]
}
