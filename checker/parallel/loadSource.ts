import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile } from '../compile.js';
import type { Model } from '../compile.js';
import { isSpec } from '../define.js';
import { InternalError, UsageError } from '../errors.js';
import { Branches } from '../types.js';
import type { ActionBody, ActionInput, Constants, Spec, State } from '../types.js';
import type { SpecSource } from './protocol.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

async function importModule(url: string): Promise<unknown> {
  if (!url.startsWith('file:') || !TYPESCRIPT.has(extname(fileURLToPath(url)))) return import(url);
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

function specIn(module: unknown, exportName: string | undefined): unknown {
  const m = module as { [name: string]: unknown } | undefined;
  // A .ts file outside an ESM package is compiled as CommonJS: its exports arrive under default.
  const inner = m?.['default'] as { [name: string]: unknown } | undefined;
  const names = exportName !== undefined ? [exportName] : ['default', 'spec'];
  for (const name of names) {
    if (isSpec(m?.[name])) return m?.[name];
    if (isSpec(inner?.[name])) return inner?.[name];
  }
  return undefined;
}

/** A `Branches` made by another copy of pika-mc (a user's spec with its own node_modules). */
function isForeignBranches(value: unknown): value is { items: Branches<State>['items'] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Branches) &&
    // The constructor first: a state seen through the transition memo's view must not be read otherwise.
    (value as object).constructor?.name === 'Branches' &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

function adoptBody(body: ActionBody<State>): ActionBody<State> {
  return (state, ...args) => {
    const result = body(state, ...args);
    return isForeignBranches(result) ? new Branches(result.items) : result;
  };
}

/** The spec with `exists`/`either` results built by another copy of pika-mc made this copy's, as the CLI loads it. */
function adopt(spec: Spec<State, Constants>): Spec<State, Constants> {
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

/** Where workers load a spec from, given as a path (from the working directory) or a file URL. */
export function sourceOf(source: { readonly module: string; readonly exportName?: string }): SpecSource {
  const url = source.module.startsWith('file:') ? source.module : pathToFileURL(resolve(source.module)).href;
  return { url, ...(source.exportName !== undefined ? { exportName: source.exportName } : {}) };
}

/** Loads the spec a worker is to check from its module (a `.ts` one through tsx). */
export async function loadSource(source: SpecSource): Promise<Spec<State, Constants>> {
  const module = await importModule(source.url);
  const spec = specIn(module, source.exportName);
  if (spec === undefined) throw new UsageError(`${source.url} exports no spec${source.exportName !== undefined ? ` named '${source.exportName}'` : ''}`);
  return adopt(spec as Spec<State, Constants>);
}

/** Builds, in a worker, the model the main thread runs (its module and constants), and refuses another one. */
export async function loadModel(
  source: SpecSource,
  constants: Constants,
  expected: { readonly specName: string; readonly actions: readonly string[] },
): Promise<Model<State>> {
  const model = compile(await loadSource(source), constants);
  const actions = model.actions.map((a) => a.name);
  if (model.name !== expected.specName || actions.join() !== expected.actions.join()) {
    throw new InternalError(`the worker loaded ${model.name} (${actions.join(', ')}) from ${source.url}, not ${expected.specName} (${expected.actions.join(', ')})`);
  }
  return model;
}
