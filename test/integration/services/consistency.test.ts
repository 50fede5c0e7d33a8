import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startTestPlatform, tenant, type TestPlatform } from '../../harness/platform.ts';

// The runbook's cross-service check: for every scope, CAPSULE's capsule count equals ODYSSEY's
// observation count once announcements have been delivered. CAPSULE and ODYSSEY run as real
// listening services; announcements travel through CAPSULE's durable outbox over HTTP.

const TENANT = 'consistency';
const SCOPES = ['rim:test:verification', 'rim:entity:finance:EURUSD', 'rim:consistency:third'];

let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform({
    only: ['capsule', 'odyssey'],
    env: { BUTTERFLY_LOG_LEVEL: 'silent' },
    headers: tenant(TENANT),
  });
});

after(async () => {
  await platform?.stop();
});

function capsuleBody(scopeId: string, n: number) {
  return {
    header: {
      scope: { scopeId },
      time: {
        centerTsUtc: new Date(Date.UTC(2024, 4, 1, 0, n)).toISOString(),
        deltaTSeconds: 60,
        horizonSeconds: 3600,
      },
      vantage: { mode: 'OBSERVER', observerId: 'consistency-test' },
    },
    configuration: { n },
    dynamics: {},
  };
}

/** Every capsule id CAPSULE holds for a scope, and its count. */
async function capsuleIds(scopeId: string): Promise<{ total: number; ids: string[] }> {
  const page = await platform.call('capsule', 'GET', `/api/v1/capsules?scopeId=${scopeId}&limit=500`);
  return {
    total: page.body.totalElements,
    ids: page.body.content.map((c: { capsuleId: string }) => c.capsuleId).sort(),
  };
}

/** Every capsule id ODYSSEY observed for an entity, and its count. */
async function observedIds(entityId: string): Promise<{ total: number; ids: string[] }> {
  const page = await platform.call('odyssey', 'GET', `/api/v1/entities?entityId=${entityId}&limit=500`);
  return {
    total: page.body.totalElements,
    ids: page.body.content.map((o: { capsuleId: string }) => o.capsuleId).sort(),
  };
}

async function consistent(): Promise<boolean> {
  for (const scope of SCOPES) {
    const [stored, observed] = await Promise.all([capsuleIds(scope), observedIds(scope)]);
    if (stored.total !== observed.total || stored.ids.join() !== observed.ids.join()) return false;
  }
  return true;
}

interface OutboxDetails {
  depth: number;
  oldestAgeSeconds: number;
  delivered: number;
}

const outbox = async (): Promise<OutboxDetails> =>
  (await platform.call('capsule', 'GET', '/actuator/health/outbox')).body.details as OutboxDetails;

test('after a burst of 50 writes across 3 scopes, ODYSSEY counts exactly what CAPSULE stores', async () => {
  const writes = Array.from({ length: 50 }, (_, n) => ({ n, scope: SCOPES[n % SCOPES.length]! }));
  // Ten at a time, some with idempotency keys; then every keyed write is retried, which must
  // neither store nor observe anything twice.
  const keyOf = (n: number) => (n % 5 === 0 ? { 'x-idempotency-key': `burst-${n}` } : undefined);
  for (let i = 0; i < writes.length; i += 10) {
    const answers = await Promise.all(
      writes
        .slice(i, i + 10)
        .map(({ n, scope }) =>
          platform.call('capsule', 'POST', '/api/v1/capsules', capsuleBody(scope, n), keyOf(n)),
        ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(answers.length).fill(201),
    );
  }
  const replays = await Promise.all(
    writes
      .filter(({ n }) => keyOf(n))
      .map(({ n, scope }) =>
        platform.call('capsule', 'POST', '/api/v1/capsules', capsuleBody(scope, n), keyOf(n)),
      ),
  );
  assert.deepEqual(
    replays.map((a) => a.status),
    Array(10).fill(200),
  );

  await eventually(consistent, 10_000, 'CAPSULE count == ODYSSEY count for every scope');
  const totals = await Promise.all(SCOPES.map(async (scope) => (await capsuleIds(scope)).total));
  assert.deepEqual(totals, [17, 17, 16]);

  // The runbook's literal check: `.content | length` of CAPSULE's default page against ODYSSEY's `.totalElements`.
  for (const scope of SCOPES) {
    const capsulePage = await platform.call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}`);
    const odysseyPage = await platform.call('odyssey', 'GET', `/api/v1/entities?entityId=${scope}`);
    assert.equal(capsulePage.body.content.length, odysseyPage.body.totalElements);
  }
  const drained = await eventually(
    async () => {
      const details = await outbox();
      return details.depth === 0 && details;
    },
    10_000,
    'outbox drained',
  );
  // Replays announce again (ODYSSEY ignores the repeats), so at least one delivery per capsule.
  assert.ok(drained.delivered >= 50, JSON.stringify(drained));
});

test('a partition between CAPSULE and ODYSSEY delays announcements but loses none', async (t) => {
  const breaker = (action: 'forceOpen' | 'reset') => platform.breaker('capsule', 'odyssey-client', action);
  assert.equal((await breaker('forceOpen')).status, 200);
  t.after(() => breaker('reset'));
  const before = await Promise.all(SCOPES.map(observedIds));

  // Writes still succeed while ODYSSEY is cut off; their announcements wait in the outbox.
  for (let n = 100; n < 106; n += 1) {
    assert.equal(
      (await platform.call('capsule', 'POST', '/api/v1/capsules', capsuleBody(SCOPES[n % 3]!, n))).status,
      201,
    );
  }
  const queued = await outbox();
  assert.equal(queued.depth, 6);
  assert.deepEqual(await Promise.all(SCOPES.map(observedIds)), before);
  assert.equal(await consistent(), false);

  assert.equal((await breaker('reset')).body.state, 'CLOSED');
  await eventually(consistent, 10_000, 'consistency after the partition heals');
  assert.equal((await outbox()).depth, 0);
});
