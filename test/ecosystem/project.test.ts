import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ROOT, tempDir } from './helpers.js';
import { workflowSteps } from './workflow.js';

/** The environment of a user's shell: none of the npm_* variables of the `npm test` that runs this. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_|^INIT_CWD$/i.test(name)) env[name] = value;
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: 300_000 });
}

/** A spec as a user writes it in their own project: everything from 'pika-mc', the state type from init. */
const MINE_TS = `import { defineSpec, Record } from 'pika-mc';

const Counter = Record({ x: 0 });

export default defineSpec({
  name: 'Mine',
  constants: { max: 3 },
  build: ({ max }: { max: number }) => ({
    init: () => [Counter()],
    actions: {
      Add: { params: [[1, 2]], next: (s, d) => s.x + d <= max && s.set('x', s.x + d) },
    },
    invariants: { Bounded: (s) => s.x <= max },
    terminal: (s) => s.x === max,
  }),
});
`;

/** Two clients increment a counter by a read and then a write: an increment is lost. Imports immutable itself. */
const RACE_TS = `import { Map, Record } from 'immutable';
import { defineSpec } from 'pika-mc';

const State = Record({ counter: 0, pc: Map<string, string>(), seen: Map<string, number>() });
type State = ReturnType<typeof State>;
const clients = ['c1', 'c2'];

export default defineSpec({
  name: 'Race',
  build: () => ({
    init: () => [State({ pc: Map(clients.map((c) => [c, 'read'])), seen: Map(clients.map((c) => [c, 0])) })],
    actions: {
      Read: { params: [clients], next: (s: State, c) => s.pc.get(c) === 'read' && s.merge({ pc: s.pc.set(c, 'write'), seen: s.seen.set(c, s.counter) }) },
      Write: { params: [clients], next: (s: State, c) => s.pc.get(c) === 'write' && s.merge({ pc: s.pc.set(c, 'done'), counter: s.seen.get(c)! + 1 }) },
    },
    invariants: { NoLostUpdate: (s) => !s.pc.every((p) => p === 'done') || s.counter === clients.length },
    terminal: (s) => s.pc.every((p) => p === 'done'),
    modelValues: clients,
  }),
});
`;

/** A compiled spec: plain JavaScript, as a build step or a hand-written .mjs leaves it. */
const PLAIN_MJS = `import { defineSpec, exists, Set } from 'pika-mc';

export default defineSpec({
  name: 'Plain',
  constants: { items: ['a', 'b', 'c'] },
  build: ({ items }) => ({
    init: () => [Set()],
    actions: { Take: (s) => exists(items, (i) => !s.has(i) && s.add(i)) },
    terminal: (s) => s.size === items.length,
  }),
});
`;

interface Project {
  readonly dir: string;
  readonly install: SpawnSyncReturns<string>;
}

/** Packs this repository, installs the tarball in a new project outside it and writes its specs. */
function setUpProject(): Project {
  const root = tempDir('pika-mc-project-');
  const packDir = join(root, 'pack');
  mkdirSync(packDir);
  // dist/ is built (the tests run from it): packing need not run the prepare script's build.
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], ROOT);
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = join(packDir, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);

  const dir = join(root, 'project');
  mkdirSync(join(dir, 'specs'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }, null, 2));
  // The npm cache holds every dependency after this repository's own install; without the
  // registry's metadata of a range, --offline cannot resolve it, and --prefer-offline asks once.
  let install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], dir);
  if (install.status !== 0) install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
  assert.equal(install.status, 0, install.stdout + install.stderr);

  writeFileSync(join(dir, 'specs', 'mine.ts'), MINE_TS);
  writeFileSync(join(dir, 'specs', 'race.ts'), RACE_TS);
  writeFileSync(join(dir, 'specs', 'plain.mjs'), PLAIN_MJS);
  return { dir, install };
}

/** `npx pika-mc <args>` in the project, as its user types it. */
function npx(project: Project, ...args: string[]): SpawnSyncReturns<string> {
  return run('npx', ['pika-mc', ...args], project.dir);
}

interface Figures {
  readonly status: string;
  readonly stats: { readonly distinct: number; readonly generated: number; readonly depth: number };
}

describe('pika-mc in another project: packed, installed from the tarball, run with npx', () => {
  let project: Project;
  before(() => {
    project = setUpProject();
  });

  it('installs what a user needs and nothing to build it with', () => {
    const installed = join(project.dir, 'node_modules', 'pika-mc');
    for (const path of ['dist/cli/main.js', 'dist/checker/index.js', 'dist/checker/index.d.ts', 'dist/spec/pika/replication.js', 'matrix/default.json']) {
      assert.ok(existsSync(join(installed, path)), `${path} is missing from the package`);
    }
    for (const path of ['dist/test', 'dist/bench', 'checker', 'test', 'tsconfig.json']) {
      assert.ok(!existsSync(join(installed, path)), `${path} is in the package`);
    }
    // No rebuild: TypeScript (a devDependency) is not installed, and the install ran no tsc.
    assert.ok(!existsSync(join(project.dir, 'node_modules', 'typescript')), 'typescript was installed');
    assert.doesNotMatch(project.install.stdout + project.install.stderr, /\btsc\b|npm run build/);
    const pkg = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')) as { dependencies: { [name: string]: string } };
    assert.match(pkg.dependencies['pika-mc'] ?? '', /^file:.*pika-mc-[\d.]+\.tgz$/);
  });

  it('npx pika-mc --version prints the packed version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const result = npx(project, '--version');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), version);
  });

  it('checks a TypeScript spec in specs/ that imports only pika-mc: exit 0 and its figures', () => {
    const result = npx(project, 'check', '--spec', 'specs/mine.ts', '--format', 'json');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const doc = JSON.parse(result.stdout) as Figures & { spec: string };
    assert.equal(doc.spec, 'Mine');
    assert.equal(doc.status, 'ok');
    // x = 0..3 by steps of 1 or 2: 4 states; 1 initial + 2 + 2 + 1 successors; levels {0}, {1, 2}, {3}.
    assert.deepEqual([doc.stats.distinct, doc.stats.generated, doc.stats.depth], [4, 6, 3]);

    // The spec's constant `max` is a flag of its own, listed by --help.
    const help = npx(project, 'check', '--spec', 'specs/mine.ts', '--help');
    assert.match(help.stdout, /--max <n>/);
    const text = npx(project, 'check', '--spec', 'specs/mine.ts', '--max', '5');
    assert.equal(text.status, 0, text.stdout + text.stderr);
    assert.match(text.stdout, /\b6 distinct states\b/);
  });

  it('finds the lost update of a spec that imports immutable itself: exit 12 and the shortest trace', () => {
    const result = npx(project, 'check', '--spec', 'specs/race.ts');
    assert.equal(result.status, 12, result.stdout + result.stderr);
    assert.match(result.stdout, /NoLostUpdate/);
    const steps = [...result.stdout.matchAll(/\b(Read|Write)\((c[12])\)/g)].map((m) => m[0]);
    assert.deepEqual(steps, ['Read(c1)', 'Read(c2)', 'Write(c1)', 'Write(c2)']);
  });

  it('checks a compiled .mjs spec', () => {
    const result = npx(project, 'check', '--spec', 'specs/plain.mjs', '--format', 'json');
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const doc = JSON.parse(result.stdout) as Figures;
    // Every subset of {a, b, c}: 8 states, reached along 3 levels of additions plus the empty set.
    assert.deepEqual([doc.status, doc.stats.distinct, doc.stats.depth], ['ok', 8, 4]);
  });

  it('refuses ci --update without --matrix, which would rewrite the matrix shipped in node_modules: one line, exit 2, the file untouched', () => {
    const shipped = join(project.dir, 'node_modules', 'pika-mc', 'matrix', 'default.json');
    const before = statSync(shipped).mtimeMs;
    const result = npx(project, 'ci', '--update', '--shard', '1/30');
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /belongs to the installed pika-mc: give --matrix <file>/);
    assert.equal(statSync(shipped).mtimeMs, before);
  });

  it("runs the workflow template's check step: every spec in specs/, failing on the one that is violated", () => {
    const step = workflowSteps().find((s) => s.name === 'Check every spec in the specs folder');
    assert.ok(step?.run);
    const result = spawnSync('bash', ['-e', '-c', step.run], { cwd: project.dir, env: { ...userEnv(), SPECS: 'specs' }, encoding: 'utf8' });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    const groups = [...result.stdout.matchAll(/^::group::(.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(groups, ['specs/mine.ts', 'specs/race.ts', 'specs/plain.mjs']);
    const errors = [...result.stdout.matchAll(/^::error (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(errors, ['file=specs/race.ts::pika-mc check exited 12']);
  });
});
