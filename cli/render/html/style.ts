/** The pages' one stylesheet, inlined: system fonts only, a print layout that reads as a document. */
export const STYLE = `
:root{--fg:#1d232b;--muted:#66707c;--line:#d7dce2;--sel:#fff1b8;--bad:#fde5e5;--badfg:#b3261e;--ok:#1d7a3a;--chg:#fff6cc;--link:#0b57d0;--box:#eef4ff;--boxline:#7a9cd6}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
main{max-width:1600px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}h4{font-size:14px;margin:0 0 6px}h5{font-size:12px;margin:10px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
code,pre,.vars td,.label{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
a{color:var(--link)}
.muted{color:var(--muted)}
.sub{color:var(--muted);margin:0 0 12px}
.status{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600}
.status.bad{background:var(--bad);color:var(--badfg)}.status.ok{background:#e2f4e7;color:var(--ok)}.status.unknown{background:#fff3d6;color:#8a5a00}
table.facts,table.grid{border-collapse:collapse;margin:6px 0}
table.facts th{text-align:left;font-weight:600;padding:2px 16px 2px 0;vertical-align:top;color:var(--muted)}table.facts td{padding:2px 0}
table.grid th,table.grid td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
table.grid th{background:#f6f8fa}
table.grid td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.violated td.v,td.v.violated{color:var(--badfg);font-weight:600}tr.holds td.v,td.v.holds{color:var(--ok)}tr.unknown td.v{color:#8a5a00}
tr.fail td{background:var(--bad)}
table.ci td div,table.ci td.num{white-space:nowrap}table.ci td.variant{min-width:14em}
.trace{margin:18px 0 30px}
.trace-body{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
.seq{display:flex;align-items:flex-start;overflow-x:auto;max-width:100%;border:1px solid var(--line);border-radius:6px;padding:4px 8px 4px 0}
ol.steps{list-style:none;margin:0;padding-left:8px;min-width:12em;max-width:17em}
ol.steps li{line-height:30px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer;padding:0 6px;border-radius:4px}
ol.steps li .n{display:inline-block;min-width:1.8em;text-align:right;color:var(--muted);font-variant-numeric:tabular-nums}
ol.steps li .codelink{font-size:11.5px;margin-left:4px}
ol.steps li:hover{background:#f2f4f7}ol.steps li.sel{background:var(--sel)}ol.steps li.bad .label{color:var(--badfg);font-weight:600}
ol.steps li.loopstart .n::before{content:"↺ ";color:#7b3fb3}
ol.steps li:focus{outline:2px solid var(--boxline);outline-offset:-2px}
svg.diagram{display:block}
svg .bg{fill:transparent;cursor:pointer}svg .row:hover .bg{fill:#f2f4f7}svg .row.sel .bg{fill:var(--sel)}svg .row.bad .bg{fill:var(--bad)}svg .row.bad.sel .bg{fill:#fbd3cf}
svg .life{stroke:#b9c1cb;stroke-dasharray:4 4}
svg rect.lane{fill:#f6f8fa;stroke:#9aa5b1}svg text.lane{font:600 12px system-ui,sans-serif;fill:var(--fg)}
svg .box{fill:var(--box);stroke:var(--boxline)}svg .arrow{stroke:#44505c;stroke-width:1.4}svg .tip{fill:#44505c}
svg text.step{font:11.5px ui-monospace,Menlo,Consolas,monospace;fill:var(--fg);pointer-events:none}
svg text.init{font:italic 11.5px system-ui,sans-serif;fill:var(--muted)}
svg text.mark{font:700 15px system-ui,sans-serif;fill:var(--badfg)}
svg path.loop{fill:none;stroke:#7b3fb3;stroke-width:1.8;stroke-dasharray:6 3}svg text.loop{font:600 11.5px system-ui,sans-serif;fill:#7b3fb3}
.panel{flex:1 1 26em;min-width:22em;position:sticky;top:8px;border:1px solid var(--line);border-radius:6px;padding:10px 12px;max-height:calc(100vh - 16px);overflow:auto}
table.vars{border-collapse:collapse;width:100%}
table.vars th{width:1%;text-align:left;font-weight:600;padding:2px 10px 2px 4px;vertical-align:top;white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
table.vars td{padding:2px 4px;word-break:break-word}
table.vars tr.changed{background:var(--chg)}table.vars tr.changed th::after{content:" ●";color:#c08a00}
ul.diff{margin:2px 0;padding-left:18px}ul.diff li{margin:1px 0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.meaning{background:var(--bad);border-left:4px solid var(--badfg);padding:6px 10px;border-radius:4px}
.loopnote{color:#7b3fb3;font-weight:600}
.where .src{word-break:break-all}
.hint{color:var(--muted);font-size:12.5px;margin:2px 0 8px}
ol.printsteps{display:none}
.notice{padding:8px 12px;border-radius:6px;margin:10px 0;background:#eef4ff;border:1px solid var(--boxline)}
.notice.error{background:var(--bad);border-color:var(--badfg);color:var(--badfg)}
.notice.bound{background:#fff3d6;border-color:#e0b860;color:#8a5a00}
.explorer{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.explorer .col.side{flex:0 1 30em;min-width:22em}.explorer .col.main{flex:1 1 44em;min-width:24em}
ul.actions{list-style:none;padding:0;margin:4px 0}
ul.actions>li{margin:4px 0;padding:6px 8px;border:1px solid var(--line);border-radius:6px}
ul.actions li a.take{font-weight:600;text-decoration:none}ul.actions li a.take:hover{text-decoration:underline}
ul.actions li .diff{color:var(--muted);margin:2px 0 0}
ul.invs{list-style:none;padding:0;margin:4px 0}ul.invs li{margin:3px 0}
.ok{color:var(--ok);font-weight:700}.ko{color:var(--badfg);font-weight:700}
nav.path{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:8px 0}
nav.path a,nav.path span.off,button{display:inline-block;padding:3px 10px;border:1px solid var(--line);border-radius:5px;background:#f6f8fa;color:var(--fg);text-decoration:none;font:inherit;cursor:pointer}
nav.path span.off{color:#aab}
nav.up{margin:4px 0 0}
@media print{
  body{font-size:11px}main{padding:0;max-width:none}
  .noprint,.hint,nav,form,.panel{display:none!important}
  .seq{border:none;overflow:visible}.trace{break-inside:auto}
  ol.steps li.sel,svg .row.sel .bg{background:none;fill:transparent}
  ol.printsteps{display:block;columns:2;column-gap:24px;font-size:10.5px;padding-left:22px}
  ol.printsteps li{break-inside:avoid;margin-bottom:4px}
  table.vars{width:auto}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid}
}
`;
