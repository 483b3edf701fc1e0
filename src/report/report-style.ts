/**
 * The report's whole stylesheet, inlined so `index.html` needs no other file and no network.
 * Light theme to match the charts' white background; verdict badges carry their word as well
 * as a colour, so they read without colour vision; prints on A4 without cut-off figures.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --link: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #ffffff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif; }
header, nav, main { max-width: 980px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 32px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; }
h2 { font-size: 1.4rem; margin: 0 0 12px; padding-top: 8px; }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
a { color: var(--link); }
.meta { color: var(--muted); margin: 0 0 8px; }
.summary .badge { margin-right: 6px; }
nav { border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule); margin-top: 16px; padding-top: 12px; padding-bottom: 12px; }
nav h2 { font-size: 1.1rem; margin: 0 0 6px; padding: 0; }
nav ol { margin: 0; padding-left: 1.4em; }
nav li { margin: 3px 0; }
section { border-bottom: 1px solid var(--rule); padding: 28px 0; }
.claim { border-left: 4px solid var(--rule); margin: 0 0 8px; padding: 4px 0 4px 14px; font-size: 1.08rem; }
.claim p { margin: 0; }
figure { margin: 18px 0; }
.chart { overflow-x: auto; }
.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.92rem; margin-top: 6px; }
.table-wrap { overflow-x: auto; margin: 16px 0; }
table { border-collapse: collapse; font-size: 0.92rem; }
th, td { border-bottom: 1px solid var(--rule); padding: 5px 12px 5px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { margin: 18px 0 6px; padding: 12px 16px; border-radius: 6px; border: 1px solid var(--rule); background: #f6f8fa; }
.verdict p { margin: 6px 0 0; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 0.8rem; font-weight: 700; letter-spacing: 0.02em; text-transform: uppercase; border: 1px solid; }
.badge-confirmed { color: #116329; background: #dafbe1; border-color: #4ac26b; }
.badge-refuted { color: #a40e26; background: #ffebe9; border-color: #ff8182; }
.badge-nuanced { color: #7d4e00; background: #fff8c5; border-color: #d4a72c; }
.badge-inconclusive { color: #424a53; background: #eaeef2; border-color: #afb8c1; }
.badge-underpowered { color: #5a32a3; background: #f5f0ff; border-color: #a475f9; border-style: dashed; }
.stability { color: var(--muted); font-size: 0.85rem; margin-left: 4px; }
.json { font-size: 0.92rem; }
.env th { color: var(--muted); font-weight: 500; }
@media print {
  nav { display: none; }
  section, figure { break-inside: avoid; }
  a { color: inherit; }
}
`;
