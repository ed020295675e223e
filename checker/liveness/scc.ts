/**
 * Strongly connected components of the subgraph induced by the nodes for which `inside` holds, by
 * Tarjan's algorithm made iterative (no recursion, so deep graphs do not overflow the stack).
 * `successors(v)` lists v's successors; edges leaving the subgraph are ignored; `visit` is called
 * once for each node reached (for a caller that watches a deadline). O(nodes + edges).
 */
export function stronglyConnected(
  nodes: Iterable<number>,
  inside: (v: number) => boolean,
  successors: (v: number) => readonly number[],
  visit: () => void = () => {},
): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (!inside(root) || index.has(root)) continue;
    visit();
    const work: [number, number][] = [[root, 0]];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [v, i] = frame;
      const next = successors(v);
      if (i < next.length) {
        frame[1] = i + 1;
        const w = next[i] as number;
        if (!inside(w)) continue;
        if (!index.has(w)) {
          visit();
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = (work[work.length - 1] as [number, number])[0];
        low.set(parent, Math.min(low.get(parent) as number, low.get(v) as number));
      }
      if (low.get(v) === index.get(v)) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}
