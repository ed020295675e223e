import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Record } from 'immutable';
import { check, compile, defineSpec, eventually, successorsOf, weakFair } from '../../checker/index.js';
import type { Model, Spec, State } from '../../checker/index.js';
import { itfDocuments } from '../../cli/checkReport.js';
import { readTraceFile, replayRecorded } from '../../cli/replay.js';
import type { RecordedTrace, ReplayOutcome } from '../../cli/replay.js';
import { checkJson } from '../../cli/render/checkJson.js';
import { canonical, itfValue } from '../../cli/render/itf.js';
import { formatText, toJson } from '../../cli/render/values.js';
import { recordedValue } from '../../cli/traceValues.js';
import type { TraceEncoding } from '../../cli/traceValues.js';
import { tracesOf } from '../../cli/traces.js';
import type { NamedTrace } from '../../cli/traces.js';
import * as randomSpecs from '../fixtures/randomSpecs.js';
import { changed, EVERY_KIND, randomShape, valueSpec } from '../fixtures/valueSpecs.js';
import type { Shape } from '../fixtures/valueSpecs.js';

const ENCODINGS = /#map|#bigint|#set|#tup|#meta|#unserializable/;

/** A spec to check, with the shape of each of its variables. */
interface Subject {
  readonly spec: Spec<State>;
  readonly shapes: readonly (readonly [string, Shape])[];
}

function subjects(): Subject[] {
  const out: Subject[] = [];
  for (let seed = 0; seed < randomSpecs.RANDOM_SPECS; seed++) {
    out.push({ spec: randomSpecs.randomSpec(seed) as unknown as Spec<State>, shapes: [['a', 'int'], ['b', 'int'], ['c', 'int']] });
  }
  for (let seed = 0; seed < 6; seed++) out.push({ spec: valueSpec(`EveryKind${seed}`, EVERY_KIND, seed).spec as unknown as Spec<State>, shapes: EVERY_KIND });
  for (let seed = 0; seed < 60; seed++) {
    const pick = randomSpecs.random(1000 + seed);
    const shapes = Array.from({ length: 1 + pick(4) }, (_, i) => [`v${i}`, randomShape(pick, 3)] as const);
    out.push({ spec: valueSpec(`Values${seed}`, shapes, seed).spec as unknown as Spec<State>, shapes });
  }
  return out;
}

/** The traces of a check of `model` as the CLI writes them, each encoding read back as `replay` reads it. */
async function written(model: Model<State>): Promise<{ traces: NamedTrace[]; files: { encoding: TraceEncoding; recorded: RecordedTrace }[] }> {
  const result = await check(model, {});
  assert.notEqual(result.status, 'error', `${model.name}: ${result.status === 'error' ? result.error.message : ''}`);
  const traces = tracesOf(result);
  const files: { encoding: TraceEncoding; recorded: RecordedTrace }[] = [];
  if (traces.length === 0) return { traces, files };
  const json = JSON.stringify(checkJson(result, model, { model: model.name, exitCode: 12 }), null, 2);
  files.push(...readTraceFile(json, `${model.name}.json`).traces.map((recorded) => ({ encoding: 'json' as const, recorded })));
  for (const doc of itfDocuments({ model, modelName: model.name, constants: {} }, traces, true)) {
    files.push(...readTraceFile(doc.text, `${model.name}.itf.json`).traces.map((recorded) => ({ encoding: 'itf' as const, recorded })));
  }
  return { traces, files };
}

/** Whether `shown` is `full`, or a part of it with the rest cut to `…` at either end. */
function showsPartOf(shown: string, full: string): boolean {
  const middle = shown.replace(/^…/, '').replace(/…$/, '');
  return middle.length > 0 && full.includes(middle) && (shown === full || shown.startsWith('…') || shown.endsWith('…'));
}

describe('pika-mc replay: a trace pika-mc writes replays, and one with a value changed does not', () => {
  it('replays every trace of check, in JSON and in ITF, of random specs and of specs holding every kind of value', async () => {
    let replayed = 0;
    for (const { spec } of subjects()) {
      const model = compile(spec);
      const { files } = await written(model);
      for (const { encoding, recorded } of files) {
        const outcome = replayRecorded(model, encoding, recorded);
        assert.ok(outcome.ok, `${model.name}: ${encoding} trace ${recorded.name} does not replay at step ${outcome.ok ? '' : `${outcome.step}: ${outcome.reason}`}`);
        replayed++;
      }
    }
    assert.ok(replayed > 150, `${replayed} traces replayed`);
  });

  it('refuses a trace with one value of one state changed, naming the variable, the step and both values as check prints them', async () => {
    let refused = 0;
    for (const [n, { spec, shapes }] of subjects().entries()) {
      const model = compile(spec);
      const style = { modelValues: new Set(model.modelValues) };
      const { traces, files } = await written(model);
      const pick = randomSpecs.random(7000 + n);
      for (const { encoding, recorded } of files) {
        const original = traces.find((t) => t.name === recorded.name)?.trace;
        assert.ok(original, recorded.name);
        const encoder = encoding === 'itf' ? itfValue : toJson;
        // Each variable in turn, at a random step of the trace.
        for (const [name, shape] of shapes) {
          const i = pick(recorded.steps.length);
          const state: State = (original[i] as (typeof original)[number]).state;
          const values: Map<string, unknown> = new Map(model.variables(state));
          const after = changed(values.get(name), shape, pick);
          if (after === undefined) continue;
          const target: { name: string; before: unknown; after: unknown } = { name, before: values.get(name), after };
          const steps: RecordedTrace['steps'] = recorded.steps.map((step, k) =>
            k === i ? { ...step, state: { ...step.state, [target.name]: encoder(target.after) } } : step,
          );
          const outcome: ReplayOutcome<State> = replayRecorded(model, encoding, { ...recorded, steps });
          const where = `${model.name}: ${encoding} trace ${recorded.name}, ${target.name} at step ${i + 1} changed to ${formatText(target.after, style)}`;
          assert.ok(!outcome.ok, `${where}: replays`);
          assert.equal(outcome.step, i + 1, `${where}: ${outcome.reason}`);
          assert.doesNotMatch(outcome.reason, ENCODINGS, where);
          // Where an action leads to several states, the spec's value may be that of another state the step could reach.
          const label = i === 0 ? null : original[i]?.action?.label;
          const alike = (i === 0 ? [...model.init()] : successorsOf(model, (original[i - 1] as (typeof original)[number]).state).filter((s) => s.instance.label === label).map((s) => s.state))
            .map((s) => new Map(model.variables(s)))
            .filter((vars) => [...vars].every(([name, value]) => name === target.name || formatText(value, style) === formatText(values.get(name), style)))
            .map((vars) => formatText(vars.get(target.name), style));
          const said = new RegExp(`: ${target.name} is (.*) in the trace, (.*) by the spec$`).exec(outcome.reason);
          assert.ok(said, `${where}: ${outcome.reason}`);
          const [, inTrace, bySpec] = said as unknown as [string, string, string];
          // The trace's value is named as the file has it, read with the spec's value as a guide: ITF says
          // what each value is, so it reads back as the changed value (an ordered set in ITF's sorted
          // order); pika-mc's JSON needs the guide to tell a set from a list or a bigint from a string, so a
          // member the spec's value has nothing like reads as plain JSON.
          const read = recordedValue(encoder(target.after), encoding, target.before);
          if (encoding === 'itf') assert.equal(canonical(itfValue(read)), canonical(itfValue(target.after)), where);
          const fileText = formatText(read, style);
          assert.ok(showsPartOf(inTrace, fileText), `${where}: ${outcome.reason}`);
          assert.ok(alike.some((text) => showsPartOf(bySpec, text)), `${where}: ${outcome.reason}`);
          assert.notEqual(inTrace, bySpec, `${where}: the two values read alike: ${outcome.reason}`);
          refused++;
        }
      }
    }
    assert.ok(refused > 300, `${refused} changed traces refused`);
  });
});

const Dial = Record({ x: 0 }, 'Dial');
type Dial = ReturnType<typeof Dial>;

/** A dial that turns 0 → 1 → 2 → 0 for ever (weakly fair): it never reaches 5, by a lasso of three states that loops back. */
const Turning = defineSpec({
  name: 'Turning',
  build: () => ({
    init: () => [Dial()],
    actions: { Turn: (s: Dial) => s.set('x', (s.x + 1) % 3) },
    properties: { ReachesFive: eventually((s: Dial) => s.x === 5) },
    fairness: [weakFair('Turn')],
  }),
});

describe('pika-mc replay: the lasso of a violated temporal property', () => {
  it('is read from check\'s JSON with its loop, as from its ITF file, and replays', async () => {
    const model = compile(Turning);
    const result = await check(model, { properties: ['ReachesFive'] });
    assert.equal(result.status, 'violation');
    const json = JSON.stringify(checkJson(result, model, { model: model.name, exitCode: 13 }));
    const [fromJson] = readTraceFile(json, 'turning.json').traces;
    const [doc] = itfDocuments({ model, modelName: model.name, constants: {} }, tracesOf(result), true);
    const [fromItf] = readTraceFile(doc?.text ?? '', 'turning.itf.json').traces;
    assert.ok(fromJson !== undefined && fromItf !== undefined);
    assert.deepEqual([fromJson.name, fromJson.kind, fromJson.steps.length, fromJson.loopStart], [fromItf.name, fromItf.kind, fromItf.steps.length, fromItf.loopStart]);
    assert.deepEqual([fromJson.name, fromJson.kind], ['ReachesFive', 'property']);
    assert.deepEqual([fromJson.steps.length, fromJson.loopStart], [3, 0]);
    const outcome = replayRecorded(model, 'json', fromJson);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  });

  it('keeps a lasso that ends stuttering (loopStart null) as such', async () => {
    const Stops = defineSpec({
      name: 'Stops',
      build: () => ({
        init: () => [Dial()],
        actions: { Turn: (s: Dial) => s.x < 1 && s.set('x', s.x + 1) },
        properties: { ReachesFive: eventually((s: Dial) => s.x === 5) },
        deadlock: false,
      }),
    });
    const model = compile(Stops);
    const result = await check(model, { properties: ['ReachesFive'] });
    const json = JSON.stringify(checkJson(result, model, { model: model.name, exitCode: 13 }));
    const [recorded] = readTraceFile(json, 'stops.json').traces;
    assert.equal(recorded?.kind, 'property');
    assert.equal(recorded?.loopStart, null);
    const outcome = recorded && replayRecorded(model, 'json', recorded);
    assert.ok(outcome?.ok);
    assert.equal(outcome.trace.loopStart, null);
  });
});
