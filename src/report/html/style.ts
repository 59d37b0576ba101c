/** Inline CSS of the HTML report (no external resources: the CSP forbids them). */
export const STYLE = `
:root { --fail: #d73a49; --error: #b31d28; --warn: #dbab09; --pass: #28a745; --skip: #c8ccd1; --known: #4a7fd4; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; max-height: 420px; white-space: pre-wrap; word-break: break-all; }
.verdict { display: inline-block; padding: 4px 10px; border-radius: 6px; color: #fff; font-weight: 600; }
.verdict.v0 { background: var(--pass); } .verdict.v1 { background: var(--fail); } .verdict.v2 { background: var(--error); }
.meta { color: var(--muted); margin: 6px 0; }
.banner { background: #fff5b1; border: 1px solid var(--warn); padding: 8px 12px; border-radius: 6px; margin: 8px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 8px 0; position: sticky; top: 0; background: #fff; z-index: 1; border-bottom: 1px solid var(--line); }
.filters label { white-space: nowrap; }
table { border-collapse: collapse; }
#matrix th { text-align: left; font-weight: 500; padding: 3px 8px 3px 0; white-space: nowrap; vertical-align: top; }
#matrix td { padding: 2px 0; }
.cell { display: inline-block; margin: 1px; padding: 1px 6px; border-radius: 4px; border: 0; font: 11px/1.6 ui-monospace, monospace; color: #fff; cursor: default; }
.cell.s-fail { background: var(--fail); cursor: pointer; } .cell.s-error { background: var(--error); cursor: pointer; }
.cell.s-warn { background: var(--warn); color: #222; cursor: pointer; } .cell.s-pass { background: var(--pass); }
.cell.s-skip { background: var(--skip); color: #333; }
.cell.s-baselined { background: repeating-linear-gradient(45deg, var(--known), var(--known) 4px, #6d9be0 4px, #6d9be0 8px); cursor: pointer; }
tr.unsupported th, tr.unsupported td { color: var(--muted); font-style: italic; }
.hidden { display: none !important; }
details.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; margin: 6px 0; padding: 4px 10px; }
details.failure.sev-warn { border-left-color: var(--warn); } details.failure.sev-error { border-left-color: var(--error); } details.failure.known { border-left-color: var(--known); }
details.failure > summary { cursor: pointer; padding: 2px 0; }
details.cause { border: 1px solid var(--line); border-left: 6px solid var(--fail); border-radius: 6px; margin: 8px 0; padding: 6px 12px; }
details.cause.sev-warn { border-left-color: var(--warn); } details.cause.sev-error { border-left-color: var(--error); } details.cause.known { border-left-color: var(--known); }
details.cause > summary { cursor: pointer; font-weight: 600; }
details.cause .isolation { font-weight: 600; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; }
.diff .del { background: #ffebe9; display: block; } .diff .add { background: #dafbe1; display: block; } .diff .same { display: block; color: var(--muted); }
.replay { display: flex; gap: 6px; align-items: flex-start; } .replay pre { flex: 1; margin: 0; }
button.copy { font-size: 12px; padding: 2px 8px; }
#coverage td, #coverage th { padding: 2px 10px 2px 0; text-align: left; } #coverage td.num { text-align: right; }
progress { width: 100px; height: 8px; accent-color: var(--pass); vertical-align: middle; }
.legend .cell { cursor: default; }
`;
