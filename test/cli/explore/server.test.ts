import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { compile } from '../../../checker/index.js';
import type { Constants, Model, Spec, State } from '../../../checker/index.js';
import { startExplorer } from '../../../cli/explore/server.js';
import type { RunningExplorer } from '../../../cli/explore/server.js';
import { hostAllowed } from '../../../cli/explore/server.js';
import { lanesFor } from '../../../cli/render/html/lanes.js';
import { models } from '../../../spec/pika/index.js';
import { cli } from '../run.js';

const RACE = { pikaVersion: 'v4.0.0', clients: 2, keys: 1, ops: 1, servePath: 0, flush: 0 };

interface Answer {
  readonly status: number;
  readonly headers: { readonly [name: string]: string | string[] | undefined };
  readonly body: string;
}

/** One HTTP request to the explorer, with the Host header given (default: the explorer's own). */
function fetchRaw(port: number, path: string, options: { host?: string; method?: string; body?: string; origin?: string; fetchSite?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${port}`, ...(options.origin ? { Origin: options.origin } : {}), ...(options.fetchSite ? { 'Sec-Fetch-Site': options.fetchSite } : {}), ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function model(): Model<State> {
  return compile(models.replication.spec as unknown as Spec<State, Constants>, RACE);
}

describe('the explorer server', () => {
  let explorer: RunningExplorer;
  const stop = new AbortController();
  before(async () => {
    const m = model();
    explorer = await startExplorer({ model: m, participants: lanesFor(m), title: 'race', variant: 'race 2/1/1' }, 0, stop.signal);
  });
  after(async () => {
    stop.abort();
    await explorer.close();
  });

  it('listens on 127.0.0.1 at the port it reports', () => {
    assert.equal(explorer.url, `http://127.0.0.1:${explorer.port}/`);
    assert.ok(explorer.port > 0);
  });

  it('refuses a request whose Host is not localhost or 127.0.0.1 (DNS rebinding), with 403', async () => {
    for (const host of ['evil.example', `evil.example:${explorer.port}`, `localhost.evil.example:${explorer.port}`, `127.0.0.1:${explorer.port + 1}`]) {
      const answer = await fetchRaw(explorer.port, '/', { host });
      assert.equal(answer.status, 403, host);
      assert.match(answer.body, /answers only requests for localhost or 127.0.0.1/);
    }
    assert.equal((await fetchRaw(explorer.port, '/', { host: `localhost:${explorer.port}` })).status, 200);
  });

  it('refuses a request a page on another site made (Sec-Fetch-Site: cross-site), with 403', async () => {
    const host = `127.0.0.1:${explorer.port}`;
    const answer = await fetchRaw(explorer.port, '/violation?invariant=SnapshotCoversApplied', { host, fetchSite: 'cross-site' });
    assert.equal(answer.status, 403);
    assert.match(answer.body, /no request made by a page on another site/);
    assert.equal((await fetchRaw(explorer.port, '/', { host, fetchSite: 'same-origin' })).status, 200);
  });

  it('the initial state lists its enabled actions as links that extend the path', async () => {
    const answer = await fetchRaw(explorer.port, '/');
    assert.equal(answer.status, 200);
    const taken = [...answer.body.matchAll(/<a class="take" href="([^"]*)"/g)].map((m) => decodeURIComponent((m[1] as string).replace(/&#38;/g, '&')).replace(/\+/g, ' '));
    assert.deepEqual(taken, ['/?s=LockKey(c1, k1)', '/?s=LockKey(c2, k1)', '/?s=BgsaveLock']);
  });

  it('a path that does not replay gets a 400 page saying which step and why, showing the states before it', async () => {
    const unknown = await fetchRaw(explorer.port, '/?s=LockKey(c1%2C%20k1)&s=Nope(c1)');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /This path does not replay: step 3: PikaReplication has no action Nope/);
    assert.match(unknown.body, /<section class="trace" id="path" data-steps="2"/);
    const disabled = await fetchRaw(explorer.port, '/?s=DoBinlog(c1)');
    assert.equal(disabled.status, 400);
    assert.match(disabled.body, /step 2: DoBinlog\(c1\) is not enabled in state 1/);
  });

  it('jumps to the shortest violation of an invariant: a redirect to its 7-state path', async () => {
    const answer = await fetchRaw(explorer.port, '/violation?invariant=SnapshotCoversApplied');
    assert.equal(answer.status, 303);
    const location = new URL(String(answer.headers['location']), 'http://127.0.0.1');
    assert.deepEqual(location.searchParams.getAll('s'), ['LockKey(c1, k1)', 'LockShared(c1)', 'DoCommand(c1)', 'UnlockShared(c1)', 'BgsaveLock', 'BgsaveCapture']);
    const page = await fetchRaw(explorer.port, `${location.pathname}${location.search}`);
    assert.match(page.body, /<li class="inv violated" data-name="SnapshotCoversApplied"><span class="ko">✗<\/span>/);
    assert.match(page.body, /<li class="inv holds" data-name="OffsetNotAhead"><span class="ok">✓<\/span>/);
  });

  it('an invariant that holds, or one that does not exist, is said in the page', async () => {
    const holds = await fetchRaw(explorer.port, '/violation?invariant=OffsetNotAhead');
    assert.equal(holds.status, 200);
    assert.match(holds.body, /OffsetNotAhead holds in every reachable state \(255 distinct states\)/);
    const unknown = await fetchRaw(explorer.port, '/violation?invariant=Nope');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /There is no invariant &#39;Nope&#39; in PikaReplication/);
  });

  it('loads a JSON or ITF trace written by pika-mc and answers with its path', async () => {
    const json = (await cli(['check', '--scenario', 'race-2805', '--format', 'json'])).stdout;
    const answer = await fetchRaw(explorer.port, '/load', { method: 'POST', body: json, origin: `http://localhost:${explorer.port}` });
    assert.equal(answer.status, 200, answer.body);
    const traces = (JSON.parse(answer.body) as { traces: { name: string; length: number; location: string }[] }).traces;
    assert.deepEqual(traces.map((t) => [t.name, t.length]), [['SnapshotCoversApplied', 7], ['NoDuplicateApply', 11], ['ReplicaConverges', 18]]);
    const itf = (await cli(['check', '--scenario', 'race-2805', '--format', 'itf', '--invariant', 'NoDuplicateApply'])).stdout;
    const one = JSON.parse((await fetchRaw(explorer.port, '/load', { method: 'POST', body: itf })).body) as { traces: { location: string }[] };
    assert.equal(one.traces[0]?.location, traces[1]?.location);
  });

  it('refuses a trace of other constants, a file that is not a trace, and a load from another origin', async () => {
    const other = (await cli(['check', '--scenario', 'race-2805', '--clients', '3', '--invariant', 'SnapshotCoversApplied', '--format', 'json'])).stdout;
    const wrong = await fetchRaw(explorer.port, '/load', { method: 'POST', body: other });
    assert.equal(wrong.status, 400);
    assert.match(JSON.parse(wrong.body).error, /written with clients = 3, and this explorer runs clients = 2/);
    const junk = await fetchRaw(explorer.port, '/load', { method: 'POST', body: 'not json' });
    assert.equal(junk.status, 400);
    assert.match(JSON.parse(junk.body).error, /the trace file is not JSON/);
    const foreign = await fetchRaw(explorer.port, '/load', { method: 'POST', body: '{}', origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
  });

  it('answers other methods and pages without failing', async () => {
    assert.equal((await fetchRaw(explorer.port, '/', { method: 'DELETE' })).status, 405);
    assert.equal((await fetchRaw(explorer.port, '/nowhere')).status, 404);
    assert.equal((await fetchRaw(explorer.port, '/?i=7')).status, 400);
    assert.equal((await fetchRaw(explorer.port, '/')).status, 200, 'still serving');
  });
});

describe('hostAllowed', () => {
  it('takes localhost and 127.0.0.1, with no port or this port, in any case', () => {
    assert.equal(hostAllowed('LOCALHOST:8080', 8080), true);
    assert.equal(hostAllowed('127.0.0.1', 8080), true);
    assert.equal(hostAllowed(undefined, 8080), false);
    assert.equal(hostAllowed('[::1]:8080', 8080), false);
    assert.equal(hostAllowed('127.0.0.1.nip.io:8080', 8080), false);
  });
});
