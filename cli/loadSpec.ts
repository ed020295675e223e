import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecBuildError, UsageError } from '../checker/index.js';
import type { Constants, Spec, State } from '../checker/index.js';
import { adoptSpec, importSpecModule, specIn } from '../checker/spec/specModule.js';

/** A user's spec, loaded from its module. */
export interface LoadedSpec {
  readonly spec: Spec<State, Constants>;
  /** Absolute path of the module. */
  readonly path: string;
}

/**
 * Leaves out Node's own warning that an ES module was read as CommonJS ("To load an ES module, set
 * …"): the refusal of such a module says the same in its one line. Node's other warnings still print.
 */
function withoutCommonJsWarning(): void {
  const printers = process.listeners('warning');
  if (printers.some((l) => l.name === 'printUnlessCommonJs')) return;
  process.removeAllListeners('warning');
  process.on('warning', function printUnlessCommonJs(warning: Error) {
    if (/To load an ES module/.test(warning.message)) return;
    for (const print of printers) print(warning);
  });
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
    // Node read an ES module as CommonJS: the fix is the module's name or its package.json, not its code.
    const commonJs = /outside a module|Unexpected token 'export'/.test(lines[0] ?? '') ? ` (Node read it as CommonJS: name it .mjs, or set "type": "module" in its package.json)` : '';
    return `syntax error${where ? ` at ${where[1]}` : ''}: ${lines[0] ?? ''}${commonJs}`;
  }
  return `${error.name}: ${lines[0] ?? ''}`.replace(/file:\/\/(\S+)/g, (_, url: string) => decodeURIComponent(url));
}

/**
 * Loads the spec a module default-exports (or exports as `spec`): a compiled ES module by plain
 * import, a `.ts` file through tsx. Every failure is a UsageError of one line: no such file, a syntax
 * error, an error thrown while loading, no spec exported; except a definition `defineSpec` refuses,
 * a SpecBuildError naming the file. Importing runs the module's code: `file`
 * comes from the command line (`--spec`), never from a file the CLI reads.
 */
export async function loadSpec(file: string, cwd: string): Promise<LoadedSpec> {
  const path = resolve(cwd, file);
  const shown = relative(cwd, path).startsWith('..') ? path : relative(cwd, path) || file;
  if (!existsSync(path)) throw new UsageError(`--spec: no such file ${shown}`);
  if (!statSync(path).isFile()) throw new UsageError(`--spec: ${shown} is not a file`);
  const url = pathToFileURL(path).href;
  let module: unknown;
  withoutCommonJsWarning();
  try {
    module = await importSpecModule(url);
  } catch (error) {
    // defineSpec refusing the definition is the spec's mistake (exit 75), not the command line's.
    if (error instanceof Error && error.name === 'SpecBuildError') throw new SpecBuildError((error as SpecBuildError).spec, `${shown}: ${error.message}`);
    throw new UsageError(`--spec: cannot load ${shown}: ${loadMessage(error)}`);
  }
  const spec = specIn(module);
  if (spec === undefined) {
    throw new UsageError(`--spec: ${shown} exports no spec: default-export one built with defineSpec (or export it as 'spec')`);
  }
  return { spec: adoptSpec(spec as Spec<State, Constants>), path };
}
