import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSource, sourceMarkdown, sourcePlain } from '../../../cli/render/source.js';
import { cli } from '../run.js';

const URL_400 = 'https://github.com/OpenAtomFoundation/pika/blob/v4.0.0/src/pika_command.cc';

describe('a step source that is a Markdown link', () => {
  it('gives its text and URL; any other source is text alone', () => {
    assert.deepEqual(parseSource('[Cmd::DoBinlog, x.cc#L1-L2 at v4.0.0: append](https://example.org/a#L1-L2)'), {
      text: 'Cmd::DoBinlog, x.cc#L1-L2 at v4.0.0: append',
      url: 'https://example.org/a#L1-L2',
    });
    assert.deepEqual(parseSource('src/x.cc Foo::bar'), { text: 'src/x.cc Foo::bar' });
    assert.deepEqual(parseSource('[not a link](ftp://x)'), { text: '[not a link](ftp://x)' });
    assert.equal(sourceMarkdown('[t](https://e.org/x)'), '[t](https://e.org/x)');
    assert.equal(sourceMarkdown('plain'), '`plain`');
    assert.equal(sourcePlain('[t](https://e.org/x)'), 't <https://e.org/x>');
  });

  it('reads a structured reference {file, function, lines, version, url} the same way in every output', async () => {
    assert.deepEqual(parseSource({ file: 'ring.c', function: 'pass_n1', lines: [10, 20], version: 'v1', url: 'https://example.org/ring.c' }), {
      text: 'ring.c:10-20 pass_n1 @ v1',
      url: 'https://example.org/ring.c',
    });
    assert.deepEqual(parseSource({ url: 'javascript:alert(1)' }), { text: '{"url":"javascript:alert(1)"}' });
    assert.deepEqual(parseSource(42), { text: '42' });
    // A JavaScript spec whose source gives such a reference: the text trace shows it, not an internal error.
    const ring = new URL('../../fixtures/modules/tokenRing.js', import.meta.url).pathname;
    const run = await cli(['check', '--spec', ring, '--no-color', '--quiet', '--invariant', 'NoSecondLap']);
    assert.equal(run.code, 12, run.stderr);
    assert.match(run.stdout, /^ {2}2\. Pass\(n1\) {2}ring\.c:10-20 pass_n1 <https:\/\/example\.org\/ring\.c#n1>$/m);
  });

  it('is a link in the text trace: the reference, then its URL', async () => {
    const run = await cli(['check', '--no-color', '--quiet', '--invariant', 'SnapshotCoversApplied']);
    assert.equal(run.code, 12);
    assert.match(run.stdout, /^ {2}3\. LockShared\(c\d\) {2}Cmd::DoCommand, src\/pika_command\.cc#L884-L886 at v4\.0\.0: DBLockShared on dbs_rw_, inside DoCommand <https:\/\/github\.com\/OpenAtomFoundation\/pika\/blob\/v4\.0\.0\/src\/pika_command\.cc#L884-L886>$/m);
    assert.match(run.stdout, /^PikaReplication \(--model replication\): Pika v4\.0\.0: lock scope command, INCR logged as received, 2 clients/m);
  });

  it('is a source and a sourceUrl in JSON', async () => {
    const run = await cli(['check', '--format', 'json', '--invariant', 'SnapshotCoversApplied']);
    const report = JSON.parse(run.stdout) as { invariants: { trace: { action: { source?: string; sourceUrl?: string } | null }[] }[] };
    const steps = report.invariants[0]!.trace.slice(1).map((s) => s.action!);
    assert.equal(steps[0]!.sourceUrl, `${URL_400}#L863-L866`);
    assert.match(steps[0]!.source ?? '', /^Cmd::InternalProcessCommand, src\/pika_command\.cc#L863-L866 at v4\.0\.0: /);
    for (const step of steps) assert.match(step.sourceUrl ?? '', /^https:\/\/github\.com\/OpenAtomFoundation\/pika\/blob\/v4\.0\.0\//);
  });
});
