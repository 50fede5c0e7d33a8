import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cut, healthyObservations } from '../status/testing/index.ts';
import { planFor } from './plans.ts';

const kinds = (plan: ReturnType<typeof planFor>) =>
  plan.steps.map((step) =>
    'pod' in step.action ? `${step.action.kind} ${step.action.pod}` : step.action.kind,
  );

test('A: each down node restarted (a held one by releasing its hold), then every node checked, then stale services', () => {
  const o = healthyObservations();
  o.cassandra![1]!.up = false;
  o.cassandra![2]!.up = false;
  o.heldPods = ['cassandra-2'];
  const plan = planFor('A', o);
  assert.deepEqual(kinds(plan), [
    'restart-pod cassandra-1',
    'restart-pod cassandra-2',
    'cassandra-check',
    'restart-stale-services',
  ]);
  assert.match(plan.steps[0]!.command, /kill -9/);
  assert.match(plan.steps[1]!.command, /rm <state-dir>\/holds\/cassandra-2/);
  assert.equal(plan.steps[1]!.kubernetes, 'kubectl delete pod cassandra-2');
});

test('B with no running primary: fail over to the running replica first, then restart the old leader', () => {
  const o = healthyObservations();
  o.postgres![0]!.running = false;
  o.heldPods = ['postgres-0'];
  const plan = planFor('B', o);
  assert.deepEqual(kinds(plan), [
    'patroni-failover',
    'restart-pod postgres-0',
    'postgres-check',
    'restart-stale-services',
  ]);
  assert.deepEqual(plan.steps[0]!.action, { kind: 'patroni-failover', candidate: 'postgres-1' });
  assert.equal(
    plan.steps[0]!.command,
    'butterfly exec postgres-1 -- patronictl failover --candidate postgres-1 --force',
  );
  assert.equal(
    plan.steps[0]!.kubernetes,
    'kubectl exec postgres-1 -- patronictl failover --candidate postgres-1',
  );
});

test('B after Patroni promoted by itself: no failover, only the old leader restarted', () => {
  const o = healthyObservations();
  o.postgres = [
    { member: 'postgres-0', role: 'primary', running: false },
    { member: 'postgres-1', role: 'primary', running: true },
  ];
  assert.deepEqual(kinds(planFor('B', o)), [
    'restart-pod postgres-0',
    'postgres-check',
    'restart-stale-services',
  ]);
});

test('C: the failed Redis nodes restarted, then the cluster checked', () => {
  const o = healthyObservations();
  o.redis!.nodes[0] = { node: 'redis-0', up: false, role: 'master', failed: true };
  o.redis!.failedNodes = 1;
  assert.deepEqual(kinds(planFor('C', o)), [
    'restart-pod redis-0',
    'redis-cluster-check',
    'restart-stale-services',
  ]);
});

test('D: remove stuck chaos, then restart services with stale connections; Kubernetes deletes the NetworkChaos', () => {
  const o = cut(healthyObservations(), 'capsule', 'odyssey');
  o.chaosLeftovers = ['x: partition'];
  const plan = planFor('D', o);
  assert.deepEqual(kinds(plan), ['remove-stuck-chaos', 'restart-stale-services']);
  assert.equal(plan.steps[0]!.kubernetes, 'kubectl delete networkchaos --all -n butterfly-chaos');
  assert.equal(plan.steps[1]!.kubernetes, 'kubectl rollout restart deployment <service>');
});

test('a plan for a healthy cluster only checks', () => {
  const o = healthyObservations();
  assert.deepEqual(kinds(planFor('A', o)), ['cassandra-check', 'restart-stale-services']);
  assert.deepEqual(kinds(planFor('C', o)), ['redis-cluster-check', 'restart-stale-services']);
});
