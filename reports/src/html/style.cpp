// The report's stylesheet: system fonts, cards, a two-column chart grid, quiet tables.
#include "style.hpp"

namespace travelctl::reports::html {

const char* const kReportCss = R"css(
:root { --fg: #111827; --muted: #6b7280; --line: #e5e7eb; --bg: #f3f4f6; --card: #ffffff;
        --current: #2563eb; --baseline: #ea580c; --bad: #dc2626; --good: #16a34a; --warn: #b45309; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
             "DejaVu Sans", sans-serif; -webkit-font-smoothing: antialiased; }
main { max-width: 1200px; margin: 0 auto; padding: 28px 20px 40px; }
header h1 { font-size: 24px; margin: 0 0 4px; letter-spacing: -0.01em; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--fg); font-weight: 600; }
.key { display: inline-block; width: 18px; height: 0; border-top: 3px solid; vertical-align: middle;
       margin-right: 6px; }
.key.baseline { border-top-style: dashed; border-color: var(--baseline); }
.key.current { border-color: var(--current); }
section, .verdict { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
                    padding: 20px 22px; margin-top: 20px; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
section h2 { font-size: 19px; margin: 0; }
.config { color: var(--muted); margin: 2px 0 14px; font-size: 13px; word-break: break-all; }
.cards { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; margin-bottom: 16px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase;
               letter-spacing: .04em; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .delta { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.delta.bad, td.bad { color: var(--bad); font-weight: 600; }
.delta.good, td.good { color: var(--good); font-weight: 600; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 14px 20px; }
figure.chart { margin: 0; min-width: 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { display: flex; align-items: baseline; gap: 8px; margin-bottom: 4px; }
figcaption b { font-size: 14px; font-weight: 600; }
figcaption span { color: var(--muted); font-size: 12px; }
.axis-title { fill: var(--muted); font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; color: #374151; font-size: 12px;
          padding-left: 64px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
figure.empty p { color: var(--muted); margin: 8px 0 0; }
figure.empty p.ok { color: var(--good); font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
th { text-align: left; color: var(--muted); font-weight: 500; font-size: 12px;
     border-bottom: 1px solid var(--line); padding: 6px 8px; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.verdict h2 { margin: 0 0 6px; font-size: 19px; }
.verdict.pass h2 { color: var(--good); }
.verdict.regression h2 { color: var(--bad); }
.verdict.insufficient_data h2 { color: var(--warn); }
.verdict p { margin: 0 0 12px; color: #374151; }
.verdict .method { color: var(--muted); font-size: 12px; margin: 12px 0 0; }
.warning { color: var(--warn); }
footer { color: var(--muted); font-size: 12px; margin-top: 22px; text-align: center; }
)css";

}  // namespace travelctl::reports::html
