import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docCommands, outputMismatch, shellWords } from './fences.js';

const FENCE = '```';

describe('reading the commands of a Markdown file', () => {
  it('splits words as a shell does, with quotes, backslashes and a comment', () => {
    assert.deepEqual(shellWords(`npx pika-mc check --out 'traces/{invariant}.itf.json' --const "names=a b" x\\ y  # exit 12`), {
      words: ['npx', 'pika-mc', 'check', '--out', 'traces/{invariant}.itf.json', '--const', 'names=a b', 'x y'],
      comment: 'exit 12',
    });
    assert.deepEqual(shellWords('pika-mc check --symmetry#x').words, ['pika-mc', 'check', '--symmetry#x']);
  });

  it('refuses shell syntax it would not run as written', () => {
    for (const line of ['npx pika-mc check | head', 'npx pika-mc check > out.txt', 'npx pika-mc check --seed $SEED', 'npx pika-mc check && echo', 'npx pika-mc check \\']) {
      assert.throws(() => shellWords(line), /not run by the docs test/, line);
    }
  });

  it('takes every pika-mc line of a shell block and the $ lines of other blocks, with exit codes and shown output', () => {
    const md = [
      'text before',
      `${FENCE}sh`,
      'npm install',
      'npx pika-mc check                 # exit 12',
      'pika-mc scenarios',
      '# exit 12 alone is a comment line',
      FENCE,
      `${FENCE}ts`,
      'npx pika-mc check --not-in-a-shell-block',
      FENCE,
      `${FENCE}text`,
      '$ npx pika-mc check --lock-scope command+binlog',
      '✓ SnapshotCoversApplied holds',
      '',
      '…',
      '$ dot -Tsvg x.dot',
      'not output of pika-mc',
      FENCE,
    ].join('\n');
    const commands = docCommands(md);
    assert.deepEqual(
      commands.map((c) => [c.line, c.text, c.args.join(' '), c.exit, c.output]),
      [
        [4, 'npx pika-mc check', 'check', 12, []],
        [5, 'pika-mc scenarios', 'scenarios', 0, []],
        [12, 'npx pika-mc check --lock-scope command+binlog', 'check --lock-scope command+binlog', 0, ['✓ SnapshotCoversApplied holds', '…']],
      ],
    );
  });

  it('matches shown output line for line, … standing for lines or text left out', () => {
    const real = 'head\n\nA holds\nB holds\nStatistics: 3 states; 0.01 s\ntail\n';
    assert.equal(outputMismatch(['head', 'A holds', 'B holds', 'Statistics: 3 states; …', 'tail'], real), undefined);
    assert.equal(outputMismatch(['head', '…', 'Statistics: 3 states; …', '…'], real), undefined);
    assert.equal(outputMismatch(['…', 'B holds', '…'], real), undefined);
    assert.match(outputMismatch(['head', 'B holds', '…'], real) ?? '', /left out without a … line/);
    assert.match(outputMismatch(['head', '…', 'C holds', '…'], real) ?? '', /not in the output.*C holds/);
    assert.match(outputMismatch(['head', 'A holds'], real) ?? '', /left out/);
  });
});
