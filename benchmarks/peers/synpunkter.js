// RIKET-SYN (benchmarks/rules/synpunkter.rules) as the function node of a zen-engine decision
// graph: "Alla synpunkter ska … besvaras skyndsamt, inom två arbetsdagar." Per nämnd: how many
// synpunkter received during the period were checked, and how many were answered later than
// the 2nd working day after receipt (an unanswered one counts as answered on the
// avstämningsdag). ISO dates compare as text.
//
// input: {synpunkter: [{id, namnd, inkommen, besvarad (null: unanswered)}],
//         helgdagar: ["2025-01-01", …] (weekday holidays incl. the three eves),
//         period: {start, slut, ar}, avstamningsdag}
export const handler = async (input) => {
  const DAY = 86400000;
  const holidays = new Set(input.helgdagar);
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const isWorkingDay = (t) => {
    const weekday = new Date(t).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !holidays.has(iso(t));
  };
  // The deadline for every day of the period, computed once (not once per synpunkt).
  const deadline = new Map();
  const last = Date.parse(input.period.slut);
  for (let t = Date.parse(input.period.start); t <= last; t += DAY) {
    let day = t;
    for (let found = 0; found < 2; ) {
      day += DAY;
      if (isWorkingDay(day)) found += 1;
    }
    deadline.set(iso(t), iso(day));
  }
  const perNamnd = {};
  for (const s of input.synpunkter) {
    const frist = deadline.get(s.inkommen);
    if (frist === undefined) continue; // received outside the period
    const counts = perNamnd[s.namnd] ?? (perNamnd[s.namnd] = { checked: 0, late: 0 });
    counts.checked += 1;
    if ((s.besvarad ?? input.avstamningsdag) > frist) counts.late += 1;
  }
  return { per_namnd: perNamnd };
};
