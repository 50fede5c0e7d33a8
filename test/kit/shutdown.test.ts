import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../harness/free-ports.ts';

test('SIGTERM drains the in-flight request, refuses new ones with 503, and exits 0', async () => {
  const [port] = await freePorts(1);
  const child = spawn(process.execPath, [fileURLToPath(new URL('./serve-sample.ts', import.meta.url))], {
    env: { ...process.env, BUTTERFLY_PORT: String(port), BUTTERFLY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve()),
  );
  const base = `http://127.0.0.1:${port}`;
  const inFlight = fetch(`${base}/api/v1/slow`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const late = await fetch(`${base}/api/v1/items/1`).then(
    (r) => r.status,
    () => 'refused',
  );
  assert.ok(late === 503 || late === 'refused', `a new request during shutdown got ${late}`);
  const slow = await inFlight;
  assert.equal(slow.status, 200, 'the in-flight request completed');
  assert.deepEqual(await slow.json(), { done: true });
  const [code] = await exited;
  assert.equal(code, 0);
});
