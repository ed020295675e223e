import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSpec } from './define.js';
import { Branches } from './types.js';
import type { ActionBody, ActionInput, Constants, Spec, State } from './types.js';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * Imports a spec's module from its URL: a compiled one by plain import, a `.ts` file through tsx's
 * loader hooks (ES modules and CommonJS, for a `.ts` file outside an ESM package), registered only
 * for this import. Not `tsImport`: it loads every dependency again under its own namespace, a second
 * copy of pika-mc for each spec. Importing runs the module's code, so the URL comes from the user
 * who runs pika-mc (a `--spec` flag, an API call), never from data such as a trace file.
 */
export async function importSpecModule(url: string): Promise<unknown> {
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

/** The spec a module exports as `exportName`, or else as its default export or `spec`; undefined when there is none. */
export function specIn(module: unknown, exportName?: string): unknown {
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

/** A `Branches` made by another copy of pika-mc (a CommonJS project, a nested node_modules). */
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

/**
 * The spec with each action's result passed through, except that `exists`/`either` results built by
 * another copy of pika-mc become this copy's, which the explorer recognises.
 */
export function adoptSpec(spec: Spec<State, Constants>): Spec<State, Constants> {
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
