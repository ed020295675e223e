import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The folders of the product: the engine, the CLI, and the specs. */
const FOLDERS = ['checker', 'cli', 'spec'];

/**
 * The one import allowed to close a cycle: `cli/target.ts` imports `cli/commands/check.ts`, which
 * imports it back (directly, and through `cli/checkReport.ts`), until the target registry replaces
 * that pair; with it gone, this list is empty.
 */
const KNOWN_CYCLE_IMPORTS: readonly { readonly from: string; readonly to: string }[] = [];

/** One static import or re-export of one file by another, paths relative to the root with `/`. */
interface Edge {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const path = posix.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/**
 * The module specifiers a file imports statically: `import … from`, `import type … from`, bare
 * `import '…'`, `export … from` and `import x = require(…)`; dynamic `import()` is not a static edge
 * (it does not run at load time), so it is not counted.
 */
function importsOf(path: string): { readonly specifier: string; readonly typeOnly: boolean }[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: { specifier: string; typeOnly: boolean }[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      out.push({ specifier: statement.moduleSpecifier.text, typeOnly: statement.importClause?.isTypeOnly ?? false });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
      out.push({ specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression)) out.push({ specifier: expression.text, typeOnly: statement.isTypeOnly });
    }
  }
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in the sources), relative to the root. */
function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  return target.replace(/\.js$/, '.ts');
}

/** Every static edge between the product's files (and out of them, into other folders of the repository). */
function importGraph(): Edge[] {
  const edges: Edge[] = [];
  for (const folder of FOLDERS) {
    for (const from of sourceFiles(folder)) {
      for (const { specifier, typeOnly } of importsOf(from)) {
        const to = resolve(from, specifier);
        if (to !== undefined) edges.push({ from, to, typeOnly });
      }
    }
  }
  return edges;
}

/** The strongly connected components of more than one file (or of a file importing itself), each sorted, sorted by first file. */
function cyclesOf(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.has(to)) next.set(to, []);
    (next.get(from) as string[]).push(to);
  }
  // Tarjan's algorithm, iterative so that a deep chain of imports cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; child: number }[] = [{ node: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; child: number };
      const children = next.get(frame.node) as string[];
      if (frame.child < children.length) {
        const child = children[frame.child++] as string;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(child) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && children.includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** One shortest cycle through the first file of `component`, written `a → b → a`, for the failure message. */
function exampleCycle(edges: readonly Edge[], component: readonly string[]): string {
  const members = new Set(component);
  const start = component[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const edge of edges) {
      if (edge.from !== node || !members.has(edge.to)) continue;
      if (edge.to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.unshift(at);
        path.unshift(start);
        return path.join(' → ');
      }
      if (!previous.has(edge.to)) {
        previous.set(edge.to, node);
        queue.push(edge.to);
      }
    }
  }
  return component.join(', ');
}

describe('imports', () => {
  const edges = importGraph();

  it('reads the imports of every source file, type-only ones and re-exports included', () => {
    assert.ok(edges.length > 300, `only ${edges.length} imports found`);
    const has = (from: string, to: string, typeOnly: boolean): boolean => edges.some((e) => e.from === from && e.to === to && e.typeOnly === typeOnly);
    assert.ok(has('checker/explore/coverage.ts', 'checker/spec/types.ts', true), 'a type-only import is an edge');
    assert.ok(has('checker/explore/seenSet.ts', 'checker/explore/fingerprintSet.ts', false), 'a value import is an edge');
    assert.ok(edges.some((e) => e.from === 'checker/index.ts' && e.to.startsWith('checker/')), 'a re-export is an edge');
  });

  it('finds a cycle, and names its files', () => {
    const made: Edge[] = [
      { from: 'a.ts', to: 'b.ts', typeOnly: false },
      { from: 'b.ts', to: 'c.ts', typeOnly: true },
      { from: 'c.ts', to: 'a.ts', typeOnly: false },
      { from: 'c.ts', to: 'd.ts', typeOnly: false },
      { from: 'e.ts', to: 'e.ts', typeOnly: false },
    ];
    assert.deepEqual(cyclesOf(made), [['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    assert.equal(exampleCycle(made, ['a.ts', 'b.ts', 'c.ts']), 'a.ts → b.ts → c.ts → a.ts');
  });

  it('has no import cycle among checker/, cli/ and spec/ (but those through the one known import)', () => {
    const kept = edges.filter((e) => !KNOWN_CYCLE_IMPORTS.some((k) => k.from === e.from && k.to === e.to));
    const cycles = cyclesOf(kept).map((files) => {
      const cycle = exampleCycle(kept, files);
      // A knot of files may hold several cycles: the one shown, and the files of all of them.
      return cycle.split(' → ').length - 1 === files.length ? cycle : `${cycle} (among ${files.join(', ')})`;
    });
    assert.deepEqual(cycles, [], `import cycles:\n${cycles.map((c) => `  ${c}`).join('\n')}`);
  });

  it('keeps the layers apart: checker/ imports neither cli/ nor spec/, and spec/ does not import cli/', () => {
    const crossing = (from: string, to: string): string[] =>
      edges.filter((e) => e.from.startsWith(`${from}/`) && e.to.startsWith(`${to}/`)).map((e) => `${e.from} → ${e.to}`);
    assert.deepEqual(crossing('checker', 'cli'), []);
    assert.deepEqual(crossing('checker', 'spec'), []);
    assert.deepEqual(crossing('spec', 'cli'), []);
  });

  it('resolves every relative import to a source file', () => {
    const files = new Set(FOLDERS.flatMap(sourceFiles));
    const missing = edges.filter((e) => FOLDERS.some((f) => e.to.startsWith(`${f}/`)) && !files.has(e.to)).map((e) => `${e.from} → ${e.to}`);
    assert.deepEqual(missing, []);
  });
});

