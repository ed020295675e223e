import { existsSync, statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Branches, isSpec, UsageError } from '../checker/index.js';
import type { ActionBody, ActionInput, Constants, Spec, State } from '../checker/index.js';

/** A user's spec, loaded from its module. */
export interface LoadedSpec {
  readonly spec: Spec<State, Constants>;
  /** Absolute path of the module. */
  readonly path: string;
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * Imports a TypeScript module through tsx's loader hooks (ES modules and CommonJS, for a `.ts` file
 * outside an ESM package), registered only for this import. Not `tsImport`: it loads every dependency
 * again under its own namespace, a second copy of pika-mc for each spec.
 */
async function importTypeScript(url: string): Promise<unknown> {
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  const unregisterEsm = esm.register();
  const unregisterCjs = cjs.register();
  try {
    return await import(url);
  } finally {
    unregisterCjs();
    await unregisterEsm();
  }
}

/** A `Branches` made by another copy of pika-mc (a CommonJS project, a nested node_modules). */
function isForeignBranches(value: unknown): value is { items: Branches<State>['items'] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Branches) &&
    Array.isArray((value as { items?: unknown }).items) &&
    (value as object).constructor?.name === 'Branches'
  );
}

function adoptBody(body: ActionBody<State>): ActionBody<State> {
  return (state, ...args) => {
    const result = body(state, ...args);
    return isForeignBranches(result) ? new Branches(result.items) : result;
  };
}

/**
 * The spec with each action's result passed through, except that `exists`/`either` results built by
 * another copy of pika-mc become this copy's, which the explorer recognises.
 */
function adoptSpec(spec: Spec<State, Constants>): Spec<State, Constants> {
  return {
    ...spec,
    build: (constants) => {
      const body = spec.build(constants);
      if (typeof body !== 'object' || body === null || typeof body.actions !== 'object' || body.actions === null) return body;
      const actions = Object.fromEntries(
        Object.entries(body.actions).map(([name, action]): [string, ActionInput<State>] => {
          if (typeof action === 'function') return [name, adoptBody(action)];
          if (typeof action === 'object' && action !== null && typeof action.next === 'function') return [name, { ...action, next: adoptBody(action.next) }];
          return [name, action];
        }),
      );
      return { ...body, actions };
    },
  };
}

/** The one line worth showing of an error thrown while loading a module. */
function loadMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // esbuild (through tsx): "Transform failed with 1 error:" then "file:line:col: ERROR: …".
  const esbuild = lines.find((l) => /\bERROR: /.test(l));
  if (esbuild) return `syntax error at ${esbuild.replace(/^.*?([^/\\]+:\d+:\d+): ERROR: /, '$1: ')}`;
  if (error.name === 'SyntaxError') {
    const where = /^file:\/\/\S*?([^/\\]+:\d+)$/m.exec(error.stack ?? '');
    return `syntax error${where ? ` at ${where[1]}` : ''}: ${lines[0] ?? ''}`;
  }
  return `${error.name}: ${lines[0] ?? ''}`.replace(/file:\/\/(\S+)/g, (_, url: string) => decodeURIComponent(url));
}

function specOf(module: unknown): unknown {
  const m = module as { default?: unknown; spec?: unknown } | undefined;
  if (isSpec(m?.default)) return m?.default;
  if (isSpec(m?.spec)) return m?.spec;
  // A .ts file outside an ESM package is compiled as CommonJS: its exports arrive under default.
  const inner = m?.default as { default?: unknown; spec?: unknown } | undefined;
  if (isSpec(inner?.default)) return inner?.default;
  if (isSpec(inner?.spec)) return inner?.spec;
  return undefined;
}

/**
 * Loads the spec a module default-exports (or exports as `spec`): a compiled ES module by plain
 * import, a `.ts` file through tsx. Every failure is a UsageError of one line: no such file, a syntax
 * error, an error thrown while loading, no spec exported.
 */
export async function loadSpec(file: string, cwd: string): Promise<LoadedSpec> {
  const path = resolve(cwd, file);
  const shown = relative(cwd, path).startsWith('..') ? path : relative(cwd, path) || file;
  if (!existsSync(path)) throw new UsageError(`--spec: no such file ${shown}`);
  if (!statSync(path).isFile()) throw new UsageError(`--spec: ${shown} is not a file`);
  const url = pathToFileURL(path).href;
  let module: unknown;
  try {
    module = TYPESCRIPT.has(extname(path)) ? await importTypeScript(url) : await import(url);
  } catch (error) {
    throw new UsageError(`--spec: cannot load ${shown}: ${loadMessage(error)}`);
  }
  const spec = specOf(module);
  if (spec === undefined) {
    throw new UsageError(`--spec: ${shown} exports no spec: default-export one built with defineSpec (or export it as 'spec')`);
  }
  return { spec: adoptSpec(spec as Spec<State, Constants>), path };
}
