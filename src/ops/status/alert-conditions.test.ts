import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeAlerts } from './alert-conditions.ts';
import { loadAlertRules } from './alert-rules.ts';
import { cut, healthyObservations, serviceOf } from './testing/observations-fixture.ts';

const rules = loadAlertRules();
const names = (o: ReturnType<typeof healthyObservations>) =>
  activeAlerts(o, rules).map((a) => `${a.alert} ${a.subject}`);

test('every rule in monitoring/alerts has a condition here, and every condition a rule', () => {
  // The conditions are the rules' own expressions, parsed from the file: one per rule by construction.
  const ALERT_CONDITIONS = Object.fromEntries(rules.map((rule) => [rule.alert, rule.expression]));
  assert.deepEqual(Object.keys(ALERT_CONDITIONS).sort(), rules.map((rule) => rule.alert).sort());
});

test('severity, for and scenario come from the rules file', () => {
  const o = healthyObservations();
  o.cassandra![2]!.up = false;
  assert.deepEqual(activeAlerts(o, rules), [
    { alert: 'CassandraNodeDown', severity: 'critical', for: '1m', scenario: 'A', subject: 'cassandra-2' },
  ]);
});

test('healthy: no condition holds', () => {
  assert.deepEqual(names(healthyObservations()), []);
});

test('PostgresPrimaryUnavailable holds without a running primary, not while the promoted replica leads', () => {
  const o = healthyObservations();
  o.postgres![0]!.running = false;
  assert.deepEqual(names(o), ['PostgresPrimaryUnavailable no running primary']);
  o.postgres![1]!.role = 'primary';
  assert.deepEqual(names(o), []);
});

test('PostgresReplicationLag above 30 s', () => {
  const o = healthyObservations();
  o.postgres![1]!.lagSeconds = 45;
  assert.deepEqual(names(o), ['PostgresReplicationLag postgres-1 45s']);
});

test('RedisClusterDegraded on a failed node even with cluster_state ok', () => {
  const o = healthyObservations();
  o.redis!.failedNodes = 1;
  assert.deepEqual(names(o), ['RedisClusterDegraded cluster_state ok, 1 failed node(s)']);
});

test('CrossServicePartition: each cut pair while others reach the target; nothing when nobody reaches it (ServiceUnreachable then)', () => {
  const o = cut(healthyObservations(), 'capsule', 'odyssey');
  assert.deepEqual(names(o), [
    'CrossServicePartition capsule → odyssey',
    'CrossServicePartition odyssey → capsule',
  ]);
  const down = healthyObservations();
  for (const cell of down.matrix!) if (cell.target === 'nexus') cell.status = 503;
  // Issue 18: a target nobody reaches is ServiceUnreachable's, never CrossServicePartition's.
  assert.deepEqual(names(down), ['ServiceUnreachable nexus']);
});

test('CircuitBreakerOpen on open and half-open breakers, not forced ones', () => {
  const o = healthyObservations();
  serviceOf(o, 'odyssey').openBreakers = { 'capsule-client': 'HALF_OPEN', 'plato-client': 'FORCED_OPEN' };
  assert.deepEqual(names(o), ['CircuitBreakerOpen odyssey/capsule-client']);
});
