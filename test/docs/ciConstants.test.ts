import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { caseConstantsTable, REFERENCE_COMMAND, withCaseConstants } from '../../cli/reference.js';
import { REGISTRY } from '../../cli/registry.js';

const CI_MD = fileURLToPath(new URL('../../../docs/ci.md', import.meta.url));

describe('docs/ci.md: the constants a matrix case may set, generated from the models', () => {
  it('lists what the generator makes of the models today', () => {
    const committed = readFileSync(CI_MD, 'utf8');
    assert.ok(committed === withCaseConstants(committed), `docs/ci.md's list of case constants is stale: run ${REFERENCE_COMMAND} and commit docs/ci.md`);
  });

  it('names every constant of every built-in model, under its model', () => {
    const table = caseConstantsTable();
    for (const entry of REGISTRY) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${entry.name}\` |`));
      assert.ok(row !== undefined, `a row for ${entry.name}`);
      for (const name of Object.keys(entry.spec.defaults)) assert.ok(row.includes(`\`${name}\``), `${entry.name}: ${name}`);
    }
    assert.match(table, /\| `slave-bgsave` \| .*`crashes` .*`resumeFrom`/);
  });
});
