import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkSync } from '../../../checker/index.js';
import type { Trace } from '../../../checker/index.js';
import { figures } from '../../fixtures/figures.js';
import { graphSpec } from '../../fixtures/graphSpec.js';
import type { Graph, Node } from '../../fixtures/graphSpec.js';

/** What a deliberately naive breadth-first search finds: depth of each reachable vertex, and TLC's figures. */
interface Reference {
  readonly depthOf: Map<number, number>;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

/** Plain BFS over vertex numbers with a JS Set; depth counted in states, initial vertices at 1. */
function explore(graph: Graph): Reference {
  const seen = new Set<number>();
  const depthOf = new Map<number, number>();
  let generated = graph.initial.length;
  let level = graph.initial.filter((v) => !seen.has(v) && seen.add(v));
  let depth = 0;
  while (level.length > 0) {
    depth++;
    for (const v of level) depthOf.set(v, depth);
    const next: number[] = [];
    for (const v of level) {
      for (const t of graph.adjacency[v] ?? []) {
        generated++;
        if (!seen.has(t)) {
          seen.add(t);
          next.push(t);
        }
      }
    }
    level = next;
  }
  return { depthOf, distinct: seen.size, generated, depth };
}

/** The least depth among reachable vertices satisfying `wanted`, or undefined when there is none. */
function nearest(reference: Reference, wanted: (v: number) => boolean): number | undefined {
  const depths = [...reference.depthOf].filter(([v]) => wanted(v)).map(([, d]) => d);
  return depths.length > 0 ? Math.min(...depths) : undefined;
}

/** Asserts that `trace` is a path of the graph from an initial vertex, each step labelled with its target. */
function assertPath(graph: Graph, trace: Trace<Node>): void {
  assert.ok(graph.initial.includes(trace[0]?.state.s as number), 'the trace starts at an initial vertex');
  assert.equal(trace[0]?.action, null);
  for (let i = 1; i < trace.length; i++) {
    const from = trace[i - 1]?.state.s as number;
    const to = trace[i]?.state.s as number;
    assert.ok((graph.adjacency[from] ?? []).includes(to), `edge ${from} -> ${to} exists`);
    assert.equal(trace[i]?.action?.label, `Go(${to})`);
  }
}

const graphs: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 9 }).chain((n) => {
  const vertex = fc.nat({ max: n - 1 });
  return fc.record({
    adjacency: fc.array(fc.array(vertex, { maxLength: 4 }), { minLength: n, maxLength: n }),
    // At least one initial vertex: a spec with none is an error (see errors.test.ts).
    initial: fc.array(vertex, { minLength: 1, maxLength: 3 }),
    bad: fc.array(fc.array(vertex, { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  });
});

describe('exploration of random graphs (property)', () => {
  it('counts distinct, generated and depth as a naive breadth-first search does', () => {
    fc.assert(
      fc.property(graphs, fc.boolean(), (graph, exact) => {
        const reference = explore(graph);
        const result = checkSync(graphSpec(graph), { invariants: [], deadlock: false, exact });
        assert.equal(result.status, 'ok');
        assert.deepEqual(figures(result), [reference.distinct, reference.generated, reference.depth]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports each violated invariant with a shortest path from an initial state to a bad state', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const reference = explore(graph);
        const result = checkSync(graphSpec(graph), { deadlock: false });
        (graph.bad ?? []).forEach((bad, i) => {
          const verdict = result.invariants.find((v) => v.name === `NotBad${i}`);
          const shortest = nearest(reference, (v) => bad.includes(v));
          if (shortest === undefined) {
            assert.equal(verdict?.verdict, 'holds');
            return;
          }
          assert.equal(verdict?.verdict, 'violated');
          const trace = verdict?.trace ?? [];
          assertPath(graph, trace);
          assert.ok(bad.includes(trace[trace.length - 1]?.state.s as number), 'the trace ends in a bad vertex');
          assert.equal(trace.length, shortest, 'no shorter path reaches a bad vertex');
        });
        assert.equal(result.status, result.invariants.some((v) => v.verdict === 'violated') ? 'violation' : 'ok');
      }),
      { numRuns: 300 },
    );
  });

  it('reports a deadlock exactly when a dead end is reachable, with a shortest trace to one', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const reference = explore(graph);
        const deadEnd = (v: number): boolean => (graph.adjacency[v] ?? []).length === 0;
        const shortest = nearest(reference, deadEnd);
        const result = checkSync(graphSpec(graph), { invariants: [] });
        assert.deepEqual(figures(result), [reference.distinct, reference.generated, reference.depth]);
        if (shortest === undefined) {
          assert.equal(result.status, 'ok');
          return;
        }
        assert.equal(result.status, 'deadlock');
        const trace = result.deadlock ?? [];
        assertPath(graph, trace);
        assert.ok(deadEnd(trace[trace.length - 1]?.state.s as number), 'the trace ends in a dead end');
        assert.equal(trace.length, shortest);
      }),
      { numRuns: 300 },
    );
  });
});
