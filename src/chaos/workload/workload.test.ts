import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpAnswer } from '../verdict/index.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { capsuleWrites } from './capsule-writes.ts';
import { readBackLedger, startWorkload } from './workload.ts';
import type { Send } from './workload-target.ts';

/**
 * A fake CAPSULE: stores capsules by id, answers 201 normally, 202 QUEUED (stored later by
 * `replayQueue`) or 503 or 500 while told to, and can be made to lose or double a write.
 */
function fakeCapsule() {
  const stored = new Map<string, Record<string, unknown>>();
  const queued: [string, Record<string, unknown>][] = [];
  let mode: 'normal' | 'queue' | 'unavailable' | 'broken' = 'normal';
  let next = 0;
  const loseNext = { count: 0 };
  const doubleNext = { count: 0 };
  const send: Send = async (request): Promise<HttpAnswer> => {
    if (request.method === 'POST') {
      if (mode === 'unavailable')
        return { status: 503, headers: {}, body: { code: 'BFY_ERR_WRITE_UNAVAILABLE' } };
      if (mode === 'broken') return { status: 500, headers: {}, body: { code: 'BFY_ERR_INTERNAL' } };
      const id = `00000000-0000-4000-8000-${String(next++).padStart(12, '0')}`;
      const capsule = { capsuleId: id, ...(request.body as Record<string, unknown>) };
      if (mode === 'queue') {
        queued.push([id, capsule]);
        return { status: 202, headers: {}, body: { capsuleId: id, status: 'QUEUED' } };
      }
      if (loseNext.count > 0) loseNext.count -= 1;
      else stored.set(id, capsule);
      if (doubleNext.count > 0) {
        doubleNext.count -= 1;
        const twin = `${id.slice(0, -1)}f`;
        stored.set(twin, { ...capsule, capsuleId: twin });
      }
      return { status: 201, headers: {}, body: capsule };
    }
    const byId = /^\/api\/v1\/capsules\/(.+)$/.exec(request.path);
    if (byId) {
      const capsule = stored.get(byId[1]!);
      return capsule ? { status: 200, headers: {}, body: capsule } : { status: 404, headers: {}, body: {} };
    }
    const url = new URL(request.path, 'http://capsule');
    const page = Number(url.searchParams.get('page'));
    const limit = Number(url.searchParams.get('limit'));
    const all = [...stored.values()];
    return {
      status: 200,
      headers: {},
      body: {
        content: all.slice(page * limit, (page + 1) * limit),
        totalPages: Math.ceil(all.length / limit),
      },
    };
  };
  return {
    send,
    stored,
    setMode: (m: typeof mode) => (mode = m),
    replayQueue: () => queued.splice(0).forEach(([id, capsule]) => stored.set(id, capsule)),
    loseNext,
    doubleNext,
    storeForeign: () => stored.set('foreign', { capsuleId: 'foreign', meta: {} }),
  };
}

test('writes at the steady rate, samples every request and ledgers every acknowledged write', async () => {
  const clock = new ManualClock();
  const capsule = fakeCapsule();
  const target = capsuleWrites('run1', () => clock.now());
  const workload = startWorkload({ target, send: capsule.send, clock, ratePerSecond: 5, keyPrefix: 'run1' });
  await clock.advance(999);
  capsule.setMode('queue');
  await clock.advance(1000);
  capsule.setMode('unavailable');
  await clock.advance(1000);
  capsule.setMode('normal');
  await clock.advance(1000);
  await workload.stop();

  assert.equal(workload.samples.length, 20, '5 per second for 4 seconds');
  assert.deepEqual(
    workload.samples.map((sample) => sample.status),
    [...Array(5).fill(201), ...Array(5).fill(202), ...Array(5).fill(503), ...Array(5).fill(201)],
  );
  assert.deepEqual(
    workload.samples.slice(0, 3).map((sample) => sample.at - workload.samples[0]!.at),
    [0, 200, 400],
  );
  assert.equal(workload.ledger.length, 15, '201s and 202s are acknowledged; 503s are not');
  assert.ok(workload.ledger.every((entry) => entry.id !== undefined));
  assert.equal(workload.attemptedKeys.size, 20);
});

test('read-back waits for queued writes to replay instead of calling them lost', async () => {
  const clock = new ManualClock();
  const capsule = fakeCapsule();
  const target = capsuleWrites('run2', () => clock.now());
  capsule.setMode('queue');
  const workload = startWorkload({ target, send: capsule.send, clock, ratePerSecond: 2, keyPrefix: 'run2' });
  await clock.advance(1999);
  await workload.stop();
  clock.schedule(5000, () => capsule.replayQueue());
  const result = await clock.until(
    readBackLedger(
      { ...workload, target, send: capsule.send },
      { clock, patienceMs: 30_000, intervalMs: 1000 },
    ),
  );
  assert.deepEqual(result, { acknowledged: 4, lost: [], duplicated: [], unexpected: [] });
});

test('a lost acknowledged write, a doubled write and a stranger in the scope are each reported', async () => {
  const clock = new ManualClock();
  const capsule = fakeCapsule();
  const target = capsuleWrites('run3', () => clock.now());
  capsule.loseNext.count = 1;
  const workload = startWorkload({ target, send: capsule.send, clock, ratePerSecond: 1, keyPrefix: 'run3' });
  await clock.advance(999);
  capsule.doubleNext.count = 1;
  await clock.advance(2000);
  await workload.stop();
  capsule.storeForeign();

  const result = await clock.until(
    readBackLedger(
      { ...workload, target, send: capsule.send },
      { clock, patienceMs: 3000, intervalMs: 1000 },
    ),
  );
  assert.equal(result.acknowledged, 3);
  assert.deepEqual(
    result.lost,
    [workload.ledger[0]!.id],
    'the first write was acknowledged but never stored',
  );
  assert.deepEqual(result.duplicated, ['key run3-1']);
  assert.deepEqual(result.unexpected, ['foreign']);
});

test('no answer is a sample with status 0 and not a ledger entry; in-flight requests are capped', async () => {
  const clock = new ManualClock();
  const target = capsuleWrites('run4', () => clock.now());
  let calls = 0;
  // A service that hangs for 10 s, then drops the connection.
  const send: Send = async () => {
    calls += 1;
    await clock.sleep(10_000);
    return { status: 0, headers: {}, body: undefined, error: 'ECONNRESET' };
  };
  const workload = startWorkload({
    target,
    send,
    clock,
    ratePerSecond: 10,
    keyPrefix: 'run4',
    maxInFlight: 3,
  });
  await clock.advance(5000);
  assert.equal(calls, 3, 'ticks are skipped while three requests hang');
  await clock.until(workload.stop());
  assert.equal(workload.samples.length, 3);
  assert.ok(workload.samples.every((sample) => sample.status === 0 && !sample.ok));
  assert.equal(workload.samples[0]!.latencyMs, 10_000);
  assert.equal(workload.ledger.length, 0);
});
