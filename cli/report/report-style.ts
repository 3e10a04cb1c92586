/** report.html's stylesheet, inlined: the file must open anywhere, offline, with nothing to fetch. */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #111827; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 18px; margin: 32px 0 12px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
section, .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 16px 20px; }
.banner { background: #fef3c7; border: 1px solid #f59e0b; color: #78350f; font-weight: 600; padding: 10px 16px; border-radius: 8px; margin-bottom: 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 20px; margin: 0; }
dl.facts dt { color: #6b7280; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
.totals .card { padding: 12px 16px; }
.totals .label { color: #6b7280; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.totals .value { font-size: 16px; font-weight: 600; }
.totals.lanes .value { font-size: 14px; font-weight: 500; }
.totals .card.wide { grid-column: 1 / -1; }
table.lanes { margin-top: 12px; }
.timeline-box { overflow-x: auto; padding: 12px; }
.timeline-box svg { display: block; width: 100%; min-width: 720px; height: auto; }
.table-box { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th { background: #f9fafb; font-weight: 600; color: #374151; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
code, .sha { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
code { background: #f3f4f6; border: 1px solid #e5e7eb; border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
h1 code, h3 code { font-size: .9em; }
.tests-passed { color: #15803d; } .tests-failed { color: #b91c1c; }
.state { font-weight: 600; white-space: nowrap; }
.state-committed { color: #15803d; } .state-failed { color: #b91c1c; } .state-skipped, .state-not-run { color: #6b7280; } .state-in-progress { color: #b45309; }
.verdict { display: block; }
.verdict-approve::before { content: "✓ "; color: #15803d; font-weight: 700; }
.verdict-request_changes::before { content: "✗ "; color: #c2410c; font-weight: 700; }
.trace-verdict { font-weight: 600; white-space: nowrap; }
.trace-met { color: #15803d; } .trace-partial { color: #b45309; } .trace-missing { color: #b91c1c; } .trace-not-reviewed { color: #6b7280; }
.muted { color: #6b7280; }
.failed h3 { color: #b91c1c; }
.failed ul { margin: 4px 0 0; padding-left: 20px; }
@media (max-width: 860px) {
  main { padding: 16px 12px 32px; }
  th, td { padding: 6px 6px; }
  th { white-space: normal; }
}
`;
