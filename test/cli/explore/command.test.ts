import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { cliProcess } from '../run.js';
import { startExploreProcess } from './process.js';

describe('pika-mc explore', () => {
  it('serves on 127.0.0.1 at the port it prints, and Ctrl-C closes it with exit 130', async () => {
    const { child, url, stderr } = await startExploreProcess(['--scenario', 'race-2805']);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Explorer: PikaReplication/);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = await exited;
    assert.equal(code, 130);
    assert.match(stderr(), /pika-mc explore: stopped/);
    await assert.rejects(fetch(url), 'the port is closed');
  });

  it('a port in use or out of range is a usage error naming --port', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const run = cliProcess(['explore', '--port', String(port)]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, new RegExp(`option '--port' ${port}: port ${port} on 127.0.0.1 is in use`));
    } finally {
      busy.close();
    }
    const range = cliProcess(['explore', '--port', '70000']);
    assert.equal(range.code, 2);
    assert.match(range.stderr, /--port.*must be a whole number from 0 to 65535/);
  });

  it('takes the model flags of check, and refuses what does not belong', () => {
    const run = cliProcess(['explore', '--model', 'slave-bgsave', '--clients', '3']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /option '--clients' belongs to --model replication/);
  });
});
