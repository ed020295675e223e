import type { ChalkInstance } from 'chalk';
import type { Coverage } from '../../checker/index.js';
import { count } from './stats.js';

/** The coverage table, as TLC's -coverage reports it: per action and per instance, how often it fired. */
export function renderCoverage(coverage: Coverage, c: ChalkInstance): string {
  const lines = [c.bold('Coverage') + c.dim(' (enabled in how many states / successors generated / new states):')];
  const width = Math.max(...coverage.actions.flatMap((a) => [a.name.length, ...a.instances.map((i) => i.label.length + 2)]), 10);
  const row = (label: string, enabled: number, generated: number, distinct: number): string =>
    `${label.padEnd(width)}  ${count(enabled).padStart(9)}  ${count(generated).padStart(10)}  ${count(distinct).padStart(9)}`;
  for (const action of coverage.actions) {
    const text = `  ${row(action.name, action.enabled, action.generated, action.distinct)}`;
    lines.push(action.generated === 0 ? c.yellow(`${text}  never fired`) : text);
    for (const instance of action.instances) {
      const text = `  ${row(`  ${instance.label}`, instance.enabled, instance.generated, instance.distinct)}`;
      lines.push(instance.generated === 0 && action.generated > 0 ? c.yellow(`${text}  never fired`) : c.dim(text));
    }
  }
  lines.push(c.bold('Invariant evaluations:') + ' ' + coverage.invariants.map((i) => `${i.name} ${count(i.evaluations)}`).join(', '));
  return lines.join('\n');
}
