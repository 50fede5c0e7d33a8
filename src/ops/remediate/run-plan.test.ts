import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import type { Observations } from '../status/index.ts';
import { healthyObservations, serviceOf } from '../status/testing/index.ts';
import { planFor } from './plans.ts';
import { runPlan } from './run-plan.ts';
import { checkStep } from './step-checks.ts';

function cassandraDown(): Observations {
  const o = healthyObservations();
  o.cassandra![2]!.up = false;
  o.heldPods = ['cassandra-2'];
  return o;
}

test('each step applied once, then re-checked until it holds; every step ✓', async () => {
  const plan = planFor('A', cassandraDown());
  let current = cassandraDown();
  let looks = 0;
  const applied: string[] = [];
  const clock = new ManualClock(0);
  const outcomes = await clock.until(
    runPlan(plan, {
      clock,
      observe: async () => {
        looks += 1;
        // The node answers on the third look after the hold is released.
        if (applied.length > 0 && looks >= 4) current = healthyObservations();
        return current;
      },
      apply: async (action) => {
        applied.push(action.kind);
        return 'released';
      },
    }),
  );
  assert.deepEqual(applied, ['restart-pod']);
  assert.deepEqual(
    outcomes.map((o) => [o.step.action.kind, o.ok, o.did]),
    [
      ['restart-pod', true, 'released'],
      ['cassandra-check', true, 'already'],
      ['restart-stale-services', true, 'already'],
    ],
  );
});

test('a step whose check never passes is ✗ at its deadline and stops the plan', async () => {
  const plan = planFor('A', cassandraDown());
  const clock = new ManualClock(0);
  const outcomes = await clock.until(
    runPlan(plan, {
      clock,
      observe: async () => cassandraDown(),
      apply: async () => 'released',
      deadlines: { 'restart-pod': 10_000 },
      pollMs: 1000,
    }),
  );
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.ok, false);
  assert.equal(outcomes[0]!.check.detail, 'cassandra-2 does not answer CQL');
  assert.ok(outcomes[0]!.ms >= 10_000);
});

test('a step already in effect is not applied (a pod that came back by itself is never killed)', async () => {
  const plan = planFor('A', cassandraDown());
  const applied: string[] = [];
  const clock = new ManualClock(0);
  const outcomes = await clock.until(
    runPlan(plan, {
      clock,
      observe: async () => healthyObservations(),
      apply: async (action) => {
        applied.push(action.kind);
        return 'x';
      },
    }),
  );
  assert.deepEqual(applied, []);
  assert.ok(outcomes.every((o) => o.ok && o.did === 'already'));
});

test('an apply that throws is reported and the check still decides', async () => {
  const plan = planFor('A', cassandraDown());
  const clock = new ManualClock(0);
  const outcomes = await clock.until(
    runPlan(plan, {
      clock,
      observe: async () => cassandraDown(),
      apply: async () => {
        throw new Error('permission denied');
      },
      deadlines: { 'restart-pod': 0 },
    }),
  );
  assert.equal(outcomes[0]!.did, 'failed: permission denied');
  assert.equal(outcomes[0]!.ok, false);
});

test('checks: stale services, stuck chaos, Patroni leader, Redis cluster', () => {
  const o = healthyObservations();
  serviceOf(o, 'odyssey').openBreakers = { 'capsule-client': 'OPEN' };
  assert.deepEqual(checkStep({ kind: 'restart-stale-services' }, o), {
    ok: false,
    detail: 'odyssey: capsule-client OPEN',
  });
  o.chaosLeftovers = ['f: partition'];
  assert.equal(checkStep({ kind: 'remove-stuck-chaos' }, o).ok, false);
  o.postgres![0]!.running = false;
  assert.equal(checkStep({ kind: 'patroni-failover', candidate: 'postgres-1' }, o).ok, false);
  o.postgres![1]!.role = 'primary';
  assert.equal(checkStep({ kind: 'patroni-failover', candidate: 'postgres-1' }, o).ok, true);
  assert.equal(checkStep({ kind: 'postgres-check' }, o).ok, false, 'the old leader is not back as a replica');
  o.redis!.nodes[3]!.failed = true;
  assert.equal(checkStep({ kind: 'redis-cluster-check' }, o).ok, false);
});
