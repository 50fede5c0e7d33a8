import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { runService, type RunningService } from '../../../src/kit/server/index.ts';
import { capsuleService } from '../../../src/services/capsule/index.ts';
import { odysseyService } from '../../../src/services/odyssey/index.ts';
import { freePorts } from '../../harness/free-ports.ts';

// The runbook's cross-service check: for every scope, CAPSULE's capsule count equals ODYSSEY's
// observation count once announcements have been delivered. CAPSULE and ODYSSEY run as real
// listening services; announcements travel through CAPSULE's durable outbox over HTTP.

const TENANT = 'consistency';
const SCOPES = ['rim:test:verification', 'rim:entity:finance:EURUSD', 'rim:consistency:third'];

const services: { capsule?: RunningService; odyssey?: RunningService } = {};
let stateDir: string;
const urls = { capsule: '', odyssey: '' };

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'butterfly-consistency-'));
  const [capsulePort, odysseyPort] = await freePorts(2);
  urls.capsule = `http://127.0.0.1:${capsulePort}`;
  urls.odyssey = `http://127.0.0.1:${odysseyPort}`;
  const env = {
    BUTTERFLY_STATE_DIR: stateDir,
    BUTTERFLY_LOG_LEVEL: 'silent',
    BUTTERFLY_OUTBOX_INTERVAL: '50ms',
    BUTTERFLY_CAPSULE_URL: urls.capsule,
    BUTTERFLY_ODYSSEY_URL: urls.odyssey,
  };
  [services.capsule, services.odyssey] = await Promise.all([
    runService(capsuleService, loadServiceConfig('capsule', { ...env, BUTTERFLY_PORT: String(capsulePort) })),
    runService(odysseyService, loadServiceConfig('odyssey', { ...env, BUTTERFLY_PORT: String(odysseyPort) })),
  ]);
});

after(async () => {
  await Promise.all(Object.values(services).map((service) => service.shutdown('test finished')));
  rmSync(stateDir, { recursive: true, force: true });
});

async function call(
  service: keyof typeof urls,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(new URL(path, urls[service]), {
    method,
    headers: {
      'x-tenant-id': TENANT,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  label: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${label} not reached within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
  const page = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scopeId}&limit=500`);
  return {
    total: page.body.totalElements,
    ids: page.body.content.map((c: { capsuleId: string }) => c.capsuleId).sort(),
  };
}

/** Every capsule id ODYSSEY observed for an entity, and its count. */
async function observedIds(entityId: string): Promise<{ total: number; ids: string[] }> {
  const page = await call('odyssey', 'GET', `/api/v1/entities?entityId=${entityId}&limit=500`);
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
  (await call('capsule', 'GET', '/actuator/health/outbox')).body.details as OutboxDetails;

test('after a burst of 50 writes across 3 scopes, ODYSSEY counts exactly what CAPSULE stores', async () => {
  const writes = Array.from({ length: 50 }, (_, n) => ({ n, scope: SCOPES[n % SCOPES.length]! }));
  // Ten at a time, some with idempotency keys; then every keyed write is retried, which must
  // neither store nor observe anything twice.
  const keyOf = (n: number) => (n % 5 === 0 ? { 'x-idempotency-key': `burst-${n}` } : undefined);
  for (let i = 0; i < writes.length; i += 10) {
    const answers = await Promise.all(
      writes
        .slice(i, i + 10)
        .map(({ n, scope }) => call('capsule', 'POST', '/api/v1/capsules', capsuleBody(scope, n), keyOf(n))),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(answers.length).fill(201),
    );
  }
  const replays = await Promise.all(
    writes
      .filter(({ n }) => keyOf(n))
      .map(({ n, scope }) => call('capsule', 'POST', '/api/v1/capsules', capsuleBody(scope, n), keyOf(n))),
  );
  assert.deepEqual(
    replays.map((a) => a.status),
    Array(10).fill(200),
  );

  await eventually(consistent, 'CAPSULE count == ODYSSEY count for every scope');
  const totals = await Promise.all(SCOPES.map(async (scope) => (await capsuleIds(scope)).total));
  assert.deepEqual(totals, [17, 17, 16]);

  // The runbook's literal check: `.content | length` of CAPSULE's default page against ODYSSEY's `.totalElements`.
  for (const scope of SCOPES) {
    const capsulePage = await call('capsule', 'GET', `/api/v1/capsules?scopeId=${scope}`);
    const odysseyPage = await call('odyssey', 'GET', `/api/v1/entities?entityId=${scope}`);
    assert.equal(capsulePage.body.content.length, odysseyPage.body.totalElements);
  }
  const drained = await eventually(async () => {
    const details = await outbox();
    return details.depth === 0 && details;
  }, 'outbox drained');
  // Replays announce again (ODYSSEY ignores the repeats), so at least one delivery per capsule.
  assert.ok(drained.delivered >= 50, JSON.stringify(drained));
});

test('a partition between CAPSULE and ODYSSEY delays announcements but loses none', async (t) => {
  const breaker = (action: 'forceOpen' | 'reset') =>
    call('capsule', 'POST', `/actuator/circuitbreakers/odyssey-client/${action}`);
  assert.equal((await breaker('forceOpen')).status, 200);
  t.after(() => breaker('reset'));
  const before = await Promise.all(SCOPES.map(observedIds));

  // Writes still succeed while ODYSSEY is cut off; their announcements wait in the outbox.
  for (let n = 100; n < 106; n += 1) {
    assert.equal(
      (await call('capsule', 'POST', '/api/v1/capsules', capsuleBody(SCOPES[n % 3]!, n))).status,
      201,
    );
  }
  const queued = await outbox();
  assert.equal(queued.depth, 6);
  assert.deepEqual(await Promise.all(SCOPES.map(observedIds)), before);
  assert.equal(await consistent(), false);

  assert.equal((await breaker('reset')).body.state, 'CLOSED');
  await eventually(consistent, 'consistency after the partition heals');
  assert.equal((await outbox()).depth, 0);
});
