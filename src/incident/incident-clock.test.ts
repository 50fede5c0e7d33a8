import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../kit/time/index.ts';
import { IncidentClock } from './incident-clock.ts';
import { incidentFile } from './incident-store.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T09:00:00Z');

/** A clock the test sets; sleeps (webhook backoff) return at once. */
function settableClock() {
  let now = T0;
  const clock: Clock = { now: () => now, schedule: () => ({ cancel() {} }), sleep: async () => {} };
  return { clock, set: (ms: number) => (now = ms) };
}

// A real local receiver: records every escalation body; answers from a script, 200 when empty.
let receiver: Server;
let hook: string;
let bodies: {
  escalation: { level: string };
  incident: { elapsedMinutes: number; id: string };
  text: string;
}[];
let answers: number[];
before(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const status = answers.shift() ?? 200;
      if (status === 200) bodies.push(JSON.parse(body));
      response.writeHead(status);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/secret-token`;
});
after(() => {
  receiver.closeAllConnections();
  receiver.close();
});

let stateDir: string;
const stateDirs: string[] = [];
beforeEach(() => {
  bodies = [];
  answers = [];
  stateDir = mkdtempSync(join(tmpdir(), 'bfy-incident-'));
  stateDirs.push(stateDir);
});
after(() => {
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

const levels = () => bodies.map((body) => body.escalation.level);

test('each threshold is notified once, as the incident passes it', async () => {
  const time = settableClock();
  const incident = new IncidentClock({ stateDir, clock: time.clock });
  incident.start({ title: 'cassandra-2 down', webhookUrl: hook });
  await incident.catchUp();
  assert.deepEqual(levels(), ['on-call']);
  time.set(T0 + 14 * MIN);
  await incident.catchUp();
  assert.deepEqual(levels(), ['on-call'], 'nothing new before 15 min');
  time.set(T0 + 15 * MIN);
  await incident.catchUp();
  await incident.catchUp();
  assert.deepEqual(levels(), ['on-call', 'database-team']);
  time.set(T0 + 61 * MIN);
  await incident.catchUp();
  assert.deepEqual(levels(), ['on-call', 'database-team', 'incident-commander', 'post-incident-review']);
  assert.equal(bodies[1]!.incident.elapsedMinutes, 15);
  assert.match(bodies[1]!.text, /Engage database team/);
});

test('status after an hour with no process running catches up each passed threshold once', async () => {
  const time = settableClock();
  new IncidentClock({ stateDir, clock: time.clock }).start({ title: 'partition', webhookUrl: hook });
  time.set(T0 + 35 * MIN);
  const later = new IncidentClock({ stateDir, clock: time.clock });
  const outcomes = await later.catchUp();
  assert.deepEqual(
    outcomes.map((o) => o.escalation.level),
    ['on-call', 'database-team', 'incident-commander'],
  );
  assert.deepEqual(levels(), ['on-call', 'database-team', 'incident-commander']);
  await new IncidentClock({ stateDir, clock: time.clock }).catchUp();
  assert.equal(bodies.length, 3, 'a second status sends nothing again');
  const view = later.view();
  assert.equal(view.current.level, 'incident-commander');
  assert.equal(view.next?.escalation.level, 'post-incident-review');
  assert.equal(view.next?.inMs, 25 * MIN);
});

test('a failed delivery is recorded and retried by the next catch-up, then marked sent', async () => {
  const time = settableClock();
  const incident = new IncidentClock({ stateDir, clock: time.clock });
  incident.start({ title: 'redis', webhookUrl: hook });
  answers = [500, 500, 500];
  const [first] = await incident.catchUp();
  assert.equal(first!.delivery !== 'no-webhook' && first!.delivery.delivered, false);
  assert.equal(incident.view().record.notifications['on-call']?.attempts, 3);
  assert.equal(bodies.length, 0);
  await incident.catchUp();
  assert.deepEqual(levels(), ['on-call']);
  const notification = incident.view().record.notifications['on-call']!;
  assert.equal(notification.attempts, 4);
  assert.ok(notification.notifiedAt);
  const escalated = incident.view().record.timeline.filter((entry) => entry.kind === 'escalated');
  assert.equal(escalated.length, 1, 'one timeline entry per level, not per retry');
});

test('the timeline records detection, steps, recovery and resolution; resolve stops escalation', async () => {
  const time = settableClock();
  const incident = new IncidentClock({ stateDir, clock: time.clock });
  incident.start({ title: 'postgres primary', webhookUrl: hook, detectedAt: T0 - 2 * MIN });
  time.set(T0 + 3 * MIN);
  await incident.note('step', 'butterfly remediate B --apply');
  await incident.note('recovery-verified', 'butterfly verify recovery passed');
  time.set(T0 + 10 * MIN);
  await incident.resolve('primary back, replica streaming');
  time.set(T0 + 20 * MIN);
  assert.deepEqual(await incident.catchUp(), []);
  assert.equal(bodies.length, 0);
  const view = incident.view();
  assert.equal(view.open, false);
  assert.equal(view.elapsedMs, 12 * MIN, 'the clock ran from detection to resolution');
  assert.deepEqual(
    view.record.timeline.map((entry) => entry.kind),
    ['started', 'detected', 'step', 'recovery-verified', 'resolved'],
  );
  await assert.rejects(incident.note('note', 'late'), { code: 'BFY_ERR_STATE_CONFLICT' });
});

test('one open incident at a time; a resolved one is archived when the next starts', async () => {
  const time = settableClock();
  const incident = new IncidentClock({ stateDir, clock: time.clock });
  const first = incident.start({ title: 'one' });
  assert.throws(() => incident.start({ title: 'two' }), { code: 'BFY_ERR_STATE_CONFLICT' });
  await incident.resolve();
  time.set(T0 + 90 * MIN);
  incident.start({ title: 'two' });
  assert.equal(incident.view().record.title, 'two');
  assert.equal(
    JSON.parse(readFileSync(join(stateDir, 'incidents', `${first.id}.json`), 'utf8')).title,
    'one',
  );
});

test('without a webhook each level is recorded once and not retried; the file is private', async () => {
  const time = settableClock();
  const incident = new IncidentClock({ stateDir, clock: time.clock });
  incident.start({ title: 'no hook' });
  const outcomes = await incident.catchUp();
  assert.deepEqual(
    outcomes.map((o) => o.delivery),
    ['no-webhook'],
  );
  assert.deepEqual(await incident.catchUp(), []);
  assert.equal(statSync(incidentFile(stateDir)).mode & 0o777, 0o600);
});

test('no incident: view is BFY_ERR_NOT_FOUND', () => {
  const time = settableClock();
  assert.throws(() => new IncidentClock({ stateDir, clock: time.clock }).view(), {
    code: 'BFY_ERR_NOT_FOUND',
  });
});
