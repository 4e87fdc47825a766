# RIKET-TG and RIKET-ÅB (benchmarks/rules/struktur.rules) in Rego, for OPA: per nämnd, the
# outcome "pass", "fail", "not_due" or "not_applicable", as our tool judges it.
#
# data.riket: {"namnder": [{"id", "namn", "typ"}],
#              "tjanstegarantier": [{"id", "namnd", "status", "publicerad" (null: unknown)}],
#              "rapporter": [{"id", "typ", "period", "namnd", "overlamnad_till",
#                             "overlamnad_datum"}],
#              "period": {"start", "slut", "ar"}, "avstamningsdag"}  (ISO dates as strings)
package kontroll.struktur

# Group by nämnd once. Each comprehension closes over a plain variable taken from the same
# table, which lets OPA index it (comprehension indexing): one pass over the table instead of
# one per nämnd. (Looking up nämnder that have no rows defeats the index, hence the groups.)
garantier_per_namnd[id] := [g | some g in data.riket.tjanstegarantier; g.namnd == id] if {
	some id in {g.namnd | some g in data.riket.tjanstegarantier}
}

rapporter_per_namnd[id] := [r | some r in data.riket.rapporter; r.namnd == id] if {
	some id in {r.namnd | some r in data.riket.rapporter}
}

# The revision is not a nämnd in the policy's sense: neither rule judges it.
bedomda := [n | some n in data.riket.namnder; n.typ != "revision"]

# RIKET-TG: a gällande tjänstegaranti published by the end of the period (an unknown
# publication date counts as published).
tg[n.id] := utfall(count(giltiga) > 0) if {
	some n in bedomda
	giltiga := [g |
		some g in object.get(garantier_per_namnd, n.id, [])
		g.status == "gällande"
		publicerad_i_tid(g)
	]
}

publicerad_i_tid(g) if g.publicerad == null

publicerad_i_tid(g) if g.publicerad <= data.riket.period.slut

utfall(true) := "pass"

utfall(false) := "fail"

# RIKET-ÅB: the period's årsberättelse handed to the nämnd by 31 May the year after; not
# applicable to the valnämnd; "not_due" while the deadline has not passed.
frist := sprintf("%d-05-31", [data.riket.period.ar + 1])

ab[n.id] := "not_applicable" if {
	some n in bedomda
	n.typ == "valnämnd"
}

ab[n.id] := ab_utfall(count(i_tid) > 0) if {
	some n in bedomda
	n.typ != "valnämnd"
	i_tid := [r |
		some r in object.get(rapporter_per_namnd, n.id, [])
		r.typ == "årsberättelse"
		r.period == format_int(data.riket.period.ar, 10)
		r.overlamnad_till == n.id
		r.overlamnad_datum != null # null sorts before every text in Rego
		r.overlamnad_datum <= frist
	]
}

ab_utfall(true) := "pass"

ab_utfall(false) := "not_due" if data.riket.avstamningsdag <= frist

ab_utfall(false) := "fail" if data.riket.avstamningsdag > frist

per_namnd := {"RIKET-TG": tg, "RIKET-ÅB": ab}
