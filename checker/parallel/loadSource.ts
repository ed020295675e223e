import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../spec/compile.js';
import type { Model } from '../spec/compile.js';
import { InternalError, SpecBuildError, UsageError } from '../errors.js';
import { adoptSpec, importSpecModule, specIn } from '../spec/specModule.js';
import type { Constants, Spec, State } from '../spec/types.js';
import type { ModelSetup, SpecSource } from './protocol.js';

/** Where workers load a spec from, given as a path (from the working directory) or a file URL. */
export function sourceOf(source: { readonly module: string; readonly exportName?: string }): SpecSource {
  const url = source.module.startsWith('file:') ? source.module : pathToFileURL(resolve(source.module)).href;
  return { url, ...(source.exportName !== undefined ? { exportName: source.exportName } : {}) };
}

/** The spec at fault in a failure to load it in a worker, for the report that says so (the build's own mistake, not the caller's). */
export function atFault(cause: unknown): { specAtFault?: string } {
  return cause instanceof SpecBuildError ? { specAtFault: cause.spec } : {};
}

/** Loads the spec a worker is to check from its module (a `.ts` one through tsx). */
async function loadSource(source: SpecSource): Promise<Spec<State, Constants>> {
  const spec = specIn(await importSpecModule(source.url), source.exportName);
  if (spec === undefined) throw new UsageError(`${source.url} exports no spec${source.exportName !== undefined ? ` named '${source.exportName}'` : ''}`);
  return adoptSpec(spec as Spec<State, Constants>);
}

/** Builds, in a worker, the model the main thread runs (its module and constants), and refuses another one. */
export async function loadModel(setup: ModelSetup): Promise<Model<State>> {
  const model = compile(await loadSource(setup.source), setup.constants);
  const actions = model.actions.map((a) => a.name);
  if (model.name !== setup.specName) {
    throw new InternalError(`the worker loaded ${model.name} (${actions.join(', ')}) from ${setup.source.url}, not ${setup.specName} (${setup.actions.join(', ')})`);
  }
  const checked = [...model.invariants, ...(model.reachable ?? [])].map((inv) => inv.name);
  const missing = setup.invariants.filter((name) => !checked.includes(name));
  if (actions.join() !== setup.actions.join() || missing.length > 0) {
    const what = missing.length > 0 ? `no invariant ${missing.join(', ')}` : `the actions ${actions.join(', ')}, not ${setup.actions.join(', ')}`;
    throw new SpecBuildError(
      model.name,
      `${model.name} built again in a worker thread has ${what}: its build must give the same spec for the same constants, every time it is called`,
    );
  }
  return model;
}
