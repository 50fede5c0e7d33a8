// `butterfly incident` as a user runs it: a real process, a real local webhook receiver.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'bfy-incident-cli-'));
let receiver: Server;
let hook: string;
const received: { escalation: { level: string } }[] = [];

function butterfly(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args, '--state-dir', stateDir],
      { encoding: 'utf8', timeout: 20_000, env: { ...process.env, BUTTERFLY_INCIDENT_WEBHOOK: '' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/services/T0/B0/s3cr3t`;
});
after(() => {
  receiver.closeAllConnections();
  receiver.close();
  rmSync(stateDir, { recursive: true, force: true });
});

test('start (detected 16 min ago) pages on-call and the database team once; status, note, resolve', async () => {
  const started = await butterfly([
    'incident',
    'start',
    'cassandra-2',
    'down',
    '--webhook',
    hook,
    '--detected-at',
    '16m',
  ]);
  assert.equal(started.code, 0, started.stderr);
  assert.deepEqual(
    received.map((body) => body.escalation.level),
    ['on-call', 'database-team'],
  );
  assert.match(started.stdout, /webhook delivered/);
  assert.match(started.stdout, /escalation now: 15-30 min: Engage database team; next: Incident commander/);

  const status = await butterfly(['incident', 'status']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(received.length, 2, 'status sends nothing already sent');
  assert.match(status.stdout, /OPEN {2}cassandra-2 down/);

  const note = await butterfly(['incident', 'note', 'restarted cassandra-2', '--kind', 'step']);
  assert.equal(note.code, 0, note.stderr);
  const resolved = await butterfly(['incident', 'resolve', 'ring whole again']);
  assert.equal(resolved.code, 0, resolved.stderr);
  assert.match(resolved.stdout, /RESOLVED/);
  assert.match(resolved.stdout, /step +restarted cassandra-2/);

  const json = await butterfly(['incident', 'status', '--json']);
  const view = JSON.parse(json.stdout);
  assert.equal(view.open, false);
  assert.equal(view.webhook, `http://127.0.0.1:${new URL(hook).port}/…`);
  for (const output of [started, status, note, resolved, json])
    assert.doesNotMatch(output.stdout + output.stderr, /s3cr3t/, 'the webhook secret is never printed');
});

test('bad input exits 2 naming what is accepted', async () => {
  const action = await butterfly(['incident', 'begin']);
  assert.equal(action.code, 2);
  assert.match(action.stderr, /expected one of start, status, note, resolve/);
  const webhook = await butterfly(['incident', 'start', '--webhook', 'ftp://x/secret-path']);
  assert.equal(webhook.code, 2);
  assert.match(webhook.stderr, /--webhook must be an http\(s\) URL/);
  assert.doesNotMatch(webhook.stderr, /secret-path/);
  const kind = await butterfly(['incident', 'note', 'x', '--kind', 'guess']);
  assert.equal(kind.code, 2);
  assert.match(kind.stderr, /--kind must be one of note, step, detected, recovery-verified/);
});
