import type { GraphEdge, GraphNode } from '../../checker/explore/graph.js';
import type { Model, State } from '../../checker/index.js';
import { formatTla } from './values.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A label of left-justified lines (Graphviz's `\l`). */
function lines(texts: readonly string[]): string {
  return `"${texts.map((t) => `${t.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}\\l`).join('')}"`;
}

/**
 * A state graph in Graphviz DOT: one box per state with its variables in TLA+ syntax, one edge per
 * step labelled with its action instance; initial states doubly framed, states that violate an
 * invariant filled red and named, deadlocks orange, states outside the constraint dashed.
 */
export function dotGraph<S extends State>(model: Model<S>, graph: { nodes: readonly GraphNode<S>[]; edges: readonly GraphEdge[] }): string {
  const style = { modelValues: new Set(model.modelValues) };
  const out = [
    `digraph ${quote(model.name)} {`,
    '  node [shape=box, fontname="monospace", fontsize=10];',
    '  edge [fontname="monospace", fontsize=9];',
  ];
  for (const node of graph.nodes) {
    const vars = model.variables(node.state).map(([name, value]) => `${name} = ${formatTla(value, style)}`);
    const marks = [...node.violates.map((name) => `✗ ${name}`), ...(node.deadlock ? ['✗ deadlock'] : [])];
    const attrs = [`label=${lines([...marks, ...vars])}`];
    if (node.initial) attrs.push('peripheries=2');
    if (node.violates.length > 0) attrs.push('color="red"', 'fontcolor="red"', 'style="filled"', 'fillcolor="#fde2e2"', `tooltip=${quote(`violates ${node.violates.join(', ')}`)}`);
    else if (node.deadlock) attrs.push('color="orange"', 'style="filled"', 'fillcolor="#fff0d9"', 'tooltip="deadlock"');
    else if (node.constrained) attrs.push('style="dashed"');
    out.push(`  s${node.id} [${attrs.join(', ')}];`);
  }
  for (const edge of graph.edges) out.push(`  s${edge.from} -> s${edge.to} [label=${quote(edge.label)}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}
