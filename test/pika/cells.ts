import assert from 'node:assert/strict';
import { checkSync } from '../../checker/index.js';
import type { Constants, Spec, State } from '../../checker/index.js';

/**
 * One cell of a TLC table: a number is "violated, shortest trace of that many states"; a triple is
 * "holds", with the distinct / generated / depth of the full state space.
 */
export type Cell = number | readonly [distinct: number, generated: number, depth: number];

/** Checks `invariant` alone, as TLC did for each cell, and asserts TLC's figures. */
export function assertCell<S extends State, C extends Constants>(spec: Spec<S, C>, constants: Partial<C>, invariant: string, cell: Cell): void {
  const result = checkSync(spec, { constants, invariants: [invariant] });
  const verdict = result.invariants[0];
  const where = `${invariant} with ${JSON.stringify(constants)}`;
  if (typeof cell === 'number') {
    assert.equal(result.status, 'violation', where);
    assert.equal(verdict?.verdict, 'violated', where);
    assert.equal(verdict?.trace?.length, cell, `shortest trace of ${where}`);
  } else {
    // 'ok' also says no deadlock: every state without a successor is Terminal, as TLC confirmed.
    assert.equal(result.status, 'ok', where);
    assert.equal(verdict?.verdict, 'holds', where);
    assert.deepEqual([result.stats.distinct, result.stats.generated, result.stats.depth], cell, `full space of ${where}`);
  }
}

/** The replication model's invariants, in the column order of the README's tables. */
export const REPLICATION_INVARIANTS = ['SnapshotCoversApplied', 'OffsetNotAhead', 'NoDuplicateApply', 'ReplicaConverges'] as const;

/** Labels of a trace's steps after the initial state. */
export function labels(trace: readonly { readonly action: { readonly label: string } | null }[] | undefined): string[] {
  return (trace ?? []).slice(1).map((step) => step.action?.label ?? '');
}
