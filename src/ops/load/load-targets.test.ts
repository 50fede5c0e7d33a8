import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Send } from '../../chaos/workload/index.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { compileLoadPlan } from './load-plan.ts';
import { loadTargets, readBackAll } from './load-targets.ts';

/** Stored capsules by id, each with its scope and key; `land` stores one more queued write. */
function fakeCapsule(clock: ManualClock) {
  const stored = new Map<string, { scopeId: string; key: string }>();
  const queued: [string, { scopeId: string; key: string }][] = [];
  const send: Send = async (request) => {
    const byId = /^\/api\/v1\/capsules\/(.+)$/.exec(request.path);
    if (byId) return { status: stored.has(byId[1]!) ? 200 : 404, headers: {}, body: {} };
    const scopeId = new URL(request.path, 'http://x').searchParams.get('scopeId');
    const content = [...stored]
      .filter(([, capsule]) => capsule.scopeId === scopeId)
      .map(([capsuleId, capsule]) => ({ capsuleId, meta: { chaosKey: capsule.key } }));
    return { status: 200, headers: {}, body: { content, totalPages: 1 } };
  };
  // One queued write lands every 10 s of fake time, like a slow replay.
  const land = (): void => {
    const next = queued.shift();
    if (next) stored.set(...next);
    clock.schedule(10_000, land);
  };
  clock.schedule(10_000, land);
  return { send, stored, queued };
}

test('the read-back keeps reading while queued writes still land, and reports what never did', async () => {
  const clock = new ManualClock(0);
  const capsule = fakeCapsule(clock);
  const [pair] = loadTargets(compileLoadPlan({ tenants: '1', scopes: '1' }), clock);
  for (let i = 0; i < 5; i += 1) {
    const id = `id-${i}`;
    const key = `k-${i}`;
    pair!.attemptedKeys.add(key);
    pair!.ledger.push({ id, key, status: i < 2 ? 201 : 202, at: 0 });
    if (i < 2) capsule.stored.set(id, { scopeId: pair!.scopeId, key });
    else if (i < 4) capsule.queued.push([id, { scopeId: pair!.scopeId, key }]);
  }
  // id-4 was acknowledged and is never stored: lost, once 30 s pass without progress.
  const result = await clock.until(
    readBackAll([pair!], {
      clock,
      stallMs: 30_000,
      maxWaitMs: 600_000,
      intervalMs: 2000,
      concurrency: 2,
      sendFor: () => capsule.send,
    }),
  );
  assert.deepEqual(result, { acknowledged: 5, lost: ['id-4'], duplicated: [], unexpected: [] });
  assert.ok(clock.now() >= 50_000 && clock.now() < 60_000, `gave up at ${clock.now()}`);
});
