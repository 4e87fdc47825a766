"""The HTML report's style sheet, embedded in the page so the file needs nothing else.

System fonts only (no web fonts to fetch). On screen a readable column; on paper A4 with
margins, headings kept with what follows, table rows and charts never split, links plain.
Tones tint a cell or edge a paragraph, but the words and symbols say the same without them.
"""

from __future__ import annotations

CSS = """
:root {
  color-scheme: light;
  --ink: #1a1a1a;
  --muted: #555;
  --rule: #c4c4c4;
  --good: #00734f;
  --good-bg: #e3f4ec;
  --partial: #8a5a00;
  --partial-bg: #fdf1d8;
  --bad: #a63f00;
  --bad-bg: #fbe6da;
  --missing: #8a5a00;
  --missing-bg: #fdf1d8;
  --waived: #8c3b6e;
  --waived-bg: #f6e6f0;
  --neutral: #3d6e8f;
  --neutral-bg: #e8f1f7;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 2rem auto;
  padding: 0 1.25rem;
  max-width: 54rem;
  color: var(--ink);
  background: #fff;
  font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial,
    sans-serif;
  font-size: 1rem;
  line-height: 1.5;
}
header { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; padding-bottom: 0.75rem; }
h1 { font-size: 2rem; margin: 0 0 0.25rem; }
.subtitle { font-size: 1.2rem; margin: 0 0 0.75rem; }
h2 { font-size: 1.45rem; margin: 2.25rem 0 0.75rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.5rem 0 0.4rem; }
p, ul, ol, dl, blockquote, figure, details { margin: 0.5rem 0; }
ul, ol { padding-left: 1.5rem; }
li { margin: 0.15rem 0; }
a { color: #0b4f8a; }
code {
  font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace;
  font-size: 0.86em;
  background: #f2f2f2;
  padding: 0 0.2em;
  border-radius: 2px;
  overflow-wrap: anywhere;
}
blockquote {
  margin-left: 0.5rem;
  padding: 0.1rem 0 0.1rem 0.9rem;
  border-left: 3px solid var(--rule);
  font-style: italic;
}
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; }
dl.fields div { display: contents; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
nav.toc ol { columns: 2; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.25rem 0 0.75rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.35rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.25rem 0.45rem; text-align: left;
  vertical-align: top; }
thead th { background: #f0f0f0; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tbody th[scope="row"] { min-width: 11rem; }
:is(td, th).tone-good { background: var(--good-bg); }
:is(td, th).tone-partial { background: var(--partial-bg); }
:is(td, th).tone-bad { background: var(--bad-bg); }
:is(td, th).tone-missing { background: var(--missing-bg); }
:is(td, th).tone-waived { background: var(--waived-bg); }
p.tone-good, li.tone-good { border-left: 4px solid var(--good); padding-left: 0.5rem; }
p.tone-partial, li.tone-partial { border-left: 4px solid var(--partial); padding-left: 0.5rem; }
p.tone-bad, li.tone-bad { border-left: 4px solid var(--bad); padding-left: 0.5rem; }
p.tone-missing, li.tone-missing { border-left: 4px dotted var(--missing); padding-left: 0.5rem; }
p.tone-waived, li.tone-waived { border-left: 4px double var(--waived); padding-left: 0.5rem; }
li.tone-neutral { border-left: 4px solid var(--rule); padding-left: 0.5rem; }
ul > li[class*="tone-"] { list-style: none; margin-left: -0.75rem; }
details { border: 1px solid var(--rule); border-radius: 4px; padding: 0.25rem 0.75rem; }
details > summary { cursor: pointer; font-weight: 600; margin: 0.25rem 0; }
figure { margin: 1rem 0; }
figure svg.chart { display: block; width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 0.25rem; }
.figure-description { color: var(--muted); font-size: 0.9rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); color: var(--muted);
  font-size: 0.85rem; padding-top: 0.5rem; }

@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 10pt; }
  nav.toc { display: none; }
  h2, h3, h4, caption, figcaption { break-after: avoid; page-break-after: avoid; }
  tr, li, figure, blockquote, dl.fields { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; }
  details { border: none; padding: 0; }
  details > summary { list-style: none; }
  details.figure-data { display: none; }
  code { background: none; }
}
"""
