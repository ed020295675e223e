import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '../spec/compile.js';
import type { Model } from '../spec/compile.js';
import { InternalError, UsageError } from '../errors.js';
import { adoptSpec, importSpecModule, specIn } from '../spec/specModule.js';
import type { Constants, Spec, State } from '../spec/types.js';
import type { ModelSetup, SpecSource } from './protocol.js';

/** Where workers load a spec from, given as a path (from the working directory) or a file URL. */
export function sourceOf(source: { readonly module: string; readonly exportName?: string }): SpecSource {
  const url = source.module.startsWith('file:') ? source.module : pathToFileURL(resolve(source.module)).href;
  return { url, ...(source.exportName !== undefined ? { exportName: source.exportName } : {}) };
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
  if (model.name !== setup.specName || actions.join() !== setup.actions.join()) {
    throw new InternalError(`the worker loaded ${model.name} (${actions.join(', ')}) from ${setup.source.url}, not ${setup.specName} (${setup.actions.join(', ')})`);
  }
  return model;
}
