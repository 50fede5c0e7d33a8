import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../kit/time/testing/index.ts';
import { runEscalationScheduler } from './escalation-scheduler.ts';
import { IncidentClock } from './incident-clock.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T09:00:00Z');

/** Fake time from T0: sleeps resolve only when the test advances past their end. */
function manualClock() {
  const clock = new ManualClock(T0);
  return { clock, advance: (ms: number) => clock.advance(ms) };
}

test('the scheduler notifies each level at its time, sleeping until the next one, and stops at resolve', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'bfy-scheduler-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  const time = manualClock();
  const sent: { level: string; at: number }[] = [];
  const incident = new IncidentClock({
    stateDir,
    clock: time.clock,
    deliver: async (_url, payload) => {
      sent.push({
        level: (payload as { escalation: { level: string } }).escalation.level,
        at: time.clock.now() - T0,
      });
      return { delivered: true, attempts: 1 };
    },
  });
  incident.start({ title: 'cassandra-2 down', webhookUrl: 'http://hooks.invalid/x' });
  const abort = new AbortController();
  t.after(() => abort.abort());
  const running = runEscalationScheduler(incident, {
    clock: time.clock,
    signal: abort.signal,
    pollMs: 5 * MIN,
  });

  await time.advance(0);
  assert.deepEqual(sent, [{ level: 'on-call', at: 0 }]);
  await time.advance(14 * MIN);
  assert.equal(sent.length, 1);
  await time.advance(1 * MIN);
  assert.deepEqual(sent.at(-1), { level: 'database-team', at: 15 * MIN });
  await time.advance(15 * MIN);
  assert.deepEqual(sent.at(-1), { level: 'incident-commander', at: 30 * MIN });
  await time.advance(20 * MIN);
  await incident.resolve();
  await time.advance(30 * MIN);
  await running;
  assert.deepEqual(
    sent.map((s) => s.level),
    ['on-call', 'database-team', 'incident-commander'],
    'resolved before an hour: no post-incident review page',
  );
});

test('the scheduler stops when its signal aborts', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'bfy-scheduler-'));
  t.after(() => rmSync(stateDir, { recursive: true, force: true }));
  const time = manualClock();
  const incident = new IncidentClock({ stateDir, clock: time.clock });
  incident.start({ title: 'x' });
  const abort = new AbortController();
  const running = runEscalationScheduler(incident, { clock: time.clock, signal: abort.signal });
  await time.advance(0);
  abort.abort();
  await running;
  assert.equal(incident.view().open, true);
});
