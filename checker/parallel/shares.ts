import type { TraceLinks } from '../traceLog.js';

/** One worker's part of the level handed over: its states, and every state on their paths from the initial states. */
export interface Share {
  readonly states: number[];
  readonly ancestors: number[];
}

/** Subtrees to deal out per worker: enough for the deal to come out even. */
const SUBTREES_PER_WORKER = 32;

/**
 * Deals the states of the level handed over (numbers in the trace log) to `workers` workers by
 * subtree: states that descend from one state of a shallow level go to one worker, so that each
 * worker, to rebuild its states, explores mostly its own subtrees (about 1/workers of the levels
 * before), not all of them. Subtrees go largest first to the worker with the fewest states.
 */
export function dealShares(log: TraceLinks, level: readonly number[], workers: number): Share[] {
  const paths = level.map((id) => log.pathTo(id));
  const depth = paths[0]?.length ?? 1;
  // The shallowest level with enough states to deal out, else the one before the level handed over.
  let cut = depth - 1;
  for (let d = 1; d < depth; d++) {
    if (new Set(paths.map((p) => p[d - 1])).size >= SUBTREES_PER_WORKER * workers) {
      cut = d;
      break;
    }
  }
  const subtrees = new Map<number, number[]>();
  paths.forEach((path, i) => {
    const root = cut > 0 ? (path[cut - 1] as number) : -1;
    let members = subtrees.get(root);
    if (members === undefined) subtrees.set(root, (members = []));
    members.push(i);
  });
  const shares = Array.from({ length: workers }, () => ({ members: [] as number[] }));
  for (const members of [...subtrees.values()].sort((a, b) => b.length - a.length)) {
    const least = shares.reduce((a, b) => (b.members.length < a.members.length ? b : a));
    least.members.push(...members);
  }
  return shares.map(({ members }) => {
    members.sort((a, b) => a - b);
    const ancestors = new Set<number>();
    for (const i of members) {
      const path = paths[i] as number[];
      for (let d = 0; d < path.length - 1; d++) ancestors.add(path[d] as number);
    }
    return { states: members.map((i) => level[i] as number), ancestors: [...ancestors] };
  });
}
