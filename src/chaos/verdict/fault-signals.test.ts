import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerSignals, baselineOf, healthSignals } from './fault-signals.ts';

const steadyCapsule = {
  status: 'UP',
  components: {
    cassandra: { status: 'UP', details: { nodesUp: 3, nodes: { '127.0.2.1': 'UP', '127.0.2.2': 'UP' } } },
    circuitBreakers: { status: 'UP', details: { 'odyssey-client': { state: 'CLOSED' } } },
    outbox: { status: 'UP', details: { depth: 0, consecutiveFailures: 0 } },
  },
};

test('a healthy answer has no signals', () => {
  assert.deepEqual(
    healthSignals('capsule-service', steadyCapsule, baselineOf('capsule-service', steadyCapsule)),
    [],
  );
});

test('a node DOWN in details, an open breaker and a failing relay are signals, named by path', () => {
  const during = structuredClone(steadyCapsule);
  during.components.cassandra.details.nodes['127.0.2.2'] = 'DOWN';
  during.components.cassandra.details.nodesUp = 2;
  during.components.circuitBreakers.details['odyssey-client'].state = 'OPEN';
  during.components.outbox.details.consecutiveFailures = 4;
  assert.deepEqual(healthSignals('capsule-service', during, baselineOf('capsule-service', steadyCapsule)), [
    'capsule-service: components.cassandra.details.nodesUp changed 3 → 2',
    'capsule-service: components.cassandra.details.nodes.127.0.2.2=DOWN',
    'capsule-service: components.circuitBreakers.details.odyssey-client.state=OPEN',
    'capsule-service: components.outbox.details.consecutiveFailures 4',
  ]);
});

test('a new PostgreSQL leader or a failed Redis node differs from the steady state', () => {
  const steady = { components: { db: { status: 'UP', details: { leader: 'postgres-0' } } } };
  const after = { components: { db: { status: 'UP', details: { leader: 'postgres-1' } } } };
  assert.deepEqual(healthSignals('plato-service', after, baselineOf('plato-service', steady)), [
    'plato-service: components.db.details.leader changed postgres-0 → postgres-1',
  ]);
  const redis = {
    components: { redis: { status: 'UP', details: { failedNodes: ['127.0.4.1:6379 (fail)'] } } },
  };
  assert.deepEqual(healthSignals('nexus-service', redis), [
    'nexus-service: components.redis.details.failedNodes ["127.0.4.1:6379 (fail)"]',
  ]);
  assert.deepEqual(
    healthSignals('nexus-service', { components: { redis: { details: { failedNodes: [] } } } }),
    [],
  );
});

test('degraded answers: headers, cached sources, 503/206/202, no answer', () => {
  assert.deepEqual(
    answerSignals(
      'odyssey-core',
      200,
      { 'X-Butterfly-Degraded': 'capsule-unreachable' },
      { source: 'CACHE', degraded: true },
    ),
    [
      'odyssey-core: x-butterfly-degraded: capsule-unreachable',
      'odyssey-core: degraded answer',
      'odyssey-core: source=CACHE',
    ],
  );
  assert.deepEqual(answerSignals('synapse-service', 200, { 'x-ratelimit-limiter': 'redis' }, {}), []);
  assert.deepEqual(answerSignals('synapse-service', 200, { 'x-ratelimit-limiter': 'local' }, {}), [
    'synapse-service: x-ratelimit-limiter: local',
  ]);
  assert.deepEqual(
    answerSignals(
      'nexus-service',
      206,
      { 'x-circuit-state-capsule': 'OPEN', 'x-circuit-state-plato': 'CLOSED' },
      {},
    ),
    ['nexus-service: status 206', 'nexus-service: x-circuit-state-capsule: OPEN'],
  );
  assert.deepEqual(answerSignals('capsule-service', 0, {}, undefined), ['capsule-service: no answer']);
  assert.deepEqual(answerSignals('plato-service', 200, {}, { policySource: 'CACHE' }), [
    'plato-service: policySource=CACHE',
  ]);
});
