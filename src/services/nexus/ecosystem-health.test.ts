import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import type { ServiceName } from '../../kit/platform/index.ts';
import { systemClock } from '../../kit/time/index.ts';
import type { PeerResponse } from '../../resilience/peer/index.ts';
import { probeEcosystem, type EcosystemProbeOptions } from './ecosystem-health.ts';

const context = {
  tenant: 'default',
  correlationId: 'c',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};

function options(
  behaviour: Partial<Record<ServiceName, () => Promise<PeerResponse>>>,
): EcosystemProbeOptions {
  const up = async (): Promise<PeerResponse> => ({
    status: 200,
    body: { status: 'UP' },
    headers: new Headers(),
  });
  return {
    self: 'nexus',
    selfHealth: async () => ({ status: 'UP', components: {} }),
    peer: (target) => ({ get: <T>() => (behaviour[target] ?? up)() as Promise<PeerResponse<T>> }),
    breakerState: (target) => (target === 'capsule' ? 'OPEN' : 'CLOSED'),
    clock: systemClock,
    timeoutMs: 1000,
  };
}

test('all six UP is UP overall; NEXUS itself comes from its own health registry, with no breaker', async () => {
  const health = await probeEcosystem(options({}), context);
  assert.equal(health.overallStatus, 'UP');
  assert.deepEqual(Object.keys(health.services).sort(), [
    'capsule',
    'nexus',
    'odyssey',
    'perception',
    'plato',
    'synapse',
  ]);
  assert.equal(health.services.nexus.circuitBreakerState, null);
  assert.equal(health.services.capsule.circuitBreakerState, 'OPEN');
  assert.equal(health.services.odyssey.pod, 'odyssey-core');
  assert.ok(!Number.isNaN(Date.parse(health.services.plato.lastChecked)));
});

test('an unreachable peer is DOWN with the reason, and makes the whole DOWN', async () => {
  const health = await probeEcosystem(
    options({ synapse: () => Promise.reject(new UpstreamUnavailableError('synapse', 'ECONNREFUSED')) }),
    context,
  );
  assert.equal(health.services.synapse.status, 'DOWN');
  assert.match(health.services.synapse.reason ?? '', /ECONNREFUSED/);
  assert.equal(health.services.capsule.status, 'UP');
  assert.equal(health.overallStatus, 'DOWN');
});

test('a peer that does not answer within the budget is DOWN, without waiting for it', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const pending = probeEcosystem(options({ plato: () => new Promise(() => {}) }), context);
  await new Promise(setImmediate);
  t.mock.timers.tick(1000);
  const health = await pending;
  assert.equal(health.services.plato.status, 'DOWN');
  assert.match(health.services.plato.reason ?? '', /no answer within 1000ms/);
});

test("a peer's own status is kept: OUT_OF_SERVICE or UNKNOWN as it says", async () => {
  const health = await probeEcosystem(
    options({ odyssey: async () => ({ status: 200, body: { status: 'UNKNOWN' }, headers: new Headers() }) }),
    context,
  );
  assert.equal(health.services.odyssey.status, 'UNKNOWN');
  assert.equal(health.overallStatus, 'UP');
});
