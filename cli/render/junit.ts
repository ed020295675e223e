import type { CiRow } from './ciRow.js';
import { formatText } from './values.js';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function plainTrace(row: CiRow): string {
  const model = row.model;
  if (!row.trace || model === undefined) return '';
  const style = { modelValues: new Set(model.modelValues) };
  return row.trace
    .map((step, i) => {
      const vars = model.variables(step.state).map(([n, v]) => `  ${n} = ${formatText(v, style)}`);
      return `${i + 1}. ${step.action?.label ?? '<Initial predicate>'}\n${vars.join('\n')}`;
    })
    .join('\n');
}

/**
 * JUnit XML with one test case per case × invariant, the trace in the failure message. A row
 * `ci --update` wrote anew passes, with the change of its expectation as its output.
 */
export function junitXml(rows: readonly CiRow[]): string {
  const failures = rows.filter((r) => !r.passed).length;
  const time = rows.reduce((sum, r) => sum + r.seconds, 0);
  const cases = rows.map((r) => {
    const open = `    <testcase classname="${escape(r.case)}" name="${escape(r.invariant)}" time="${r.seconds.toFixed(3)}"`;
    if (r.updated !== undefined) return `${open}>\n      <system-out>${escape(`updated: expected ${r.updated.from} → ${r.updated.to}`)}</system-out>\n    </testcase>`;
    if (r.passed) return `${open}/>`;
    return `${open}>\n      <failure message="${escape(r.reason ?? 'failed')}">${escape(`${r.reason ?? ''}\n${plainTrace(r)}`)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pika-mc ci" tests="${rows.length}" failures="${failures}" time="${time.toFixed(3)}">`,
    `  <testsuite name="pika-mc ci" tests="${rows.length}" failures="${failures}" errors="0" skipped="0" time="${time.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
