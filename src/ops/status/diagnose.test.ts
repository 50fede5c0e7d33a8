import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, verdictExitCode } from './diagnose.ts';
import { cut, healthyObservations, serviceOf } from './testing/observations-fixture.ts';

const scenarios = (o: ReturnType<typeof healthyObservations>) => diagnose(o).scenarios.map((s) => s.scenario);
const commands = (o: ReturnType<typeof healthyObservations>, scenario: string) =>
  diagnose(o)
    .scenarios.find((s) => s.scenario === scenario)!
    .nextSteps.map((step) => step.command);

test('a healthy cluster: no scenario, no finding, exit 0', () => {
  const diagnosis = diagnose(healthyObservations());
  assert.deepEqual(diagnosis, { verdict: 'healthy', scenarios: [], otherFindings: [], afterwards: [] });
  assert.equal(verdictExitCode(diagnosis), 0);
});

test('A: a Cassandra node down names A, the dead node, and runs nodetool from a live node', () => {
  const o = healthyObservations();
  o.cassandra![0]!.up = false;
  o.heldPods = ['cassandra-0'];
  const diagnosis = diagnose(o);
  assert.deepEqual(scenarios(o), ['A']);
  assert.equal(diagnosis.verdict, 'degraded');
  assert.equal(verdictExitCode(diagnosis), 1);
  assert.match(diagnosis.scenarios[0]!.evidence.join('\n'), /cassandra-0 DOWN/);
  const steps = commands(o, 'A');
  assert.ok(steps.includes('butterfly exec cassandra-1 -- nodetool status'), steps.join('\n'));
  assert.ok(steps.includes('butterfly logs cassandra-0'));
  assert.ok(steps.includes('butterfly remediate A --apply'));
  assert.ok(steps.includes('butterfly verify consistency --repair'));
  assert.match(diagnosis.otherFindings.join('\n'), /cassandra-0 is held down/);
  assert.deepEqual(
    diagnosis.afterwards.map((step) => step.command),
    ['butterfly verify consistency', 'butterfly verify recovery'],
  );
});

test("A: a service's cassandra component DOWN is A even while every node answers CQL", () => {
  const o = healthyObservations();
  serviceOf(o, 'capsule').components.cassandra = 'DOWN';
  assert.deepEqual(scenarios(o), ['A']);
});

test('B: the Patroni leader down with no primary yet names B and the failover to the running replica', () => {
  const o = healthyObservations();
  o.postgres = [
    { member: 'postgres-0', role: 'primary', running: false },
    { member: 'postgres-1', role: 'replica', running: true },
  ];
  assert.deepEqual(scenarios(o), ['B']);
  const finding = diagnose(o).scenarios[0]!;
  assert.match(finding.evidence.join('\n'), /no running primary/);
  assert.match(finding.evidence.join('\n'), /postgres-0 \(primary\) not running/);
  const steps = commands(o, 'B');
  assert.ok(steps.includes('butterfly exec postgres-1 -- pg_isready'), steps.join('\n'));
  assert.ok(
    steps.includes('butterfly exec postgres-1 -- patronictl failover --candidate postgres-1 --force'),
  );
  assert.ok(steps.includes('butterfly remediate B --apply'));
});

test('B: after Patroni promoted the replica, the old leader still down keeps B, and the steps read pg_stat_replication on the new leader', () => {
  const o = healthyObservations();
  o.postgres = [
    { member: 'postgres-0', role: 'primary', running: false },
    { member: 'postgres-1', role: 'primary', running: true },
  ];
  assert.deepEqual(scenarios(o), ['B']);
  const steps = commands(o, 'B');
  assert.ok(
    steps.some((step) => step.startsWith('butterfly exec postgres-1 -- psql -c')),
    steps.join('\n'),
  );
  assert.ok(!steps.some((step) => step.includes('failover')));
});

test('B: a replica more than 30 s behind is B; 30 s exactly is not', () => {
  const o = healthyObservations();
  o.postgres![1]!.lagSeconds = 30;
  assert.deepEqual(scenarios(o), []);
  o.postgres![1]!.lagSeconds = 31;
  assert.deepEqual(scenarios(o), ['B']);
});

test('C: a Redis master down (its replica promoted, cluster ok again) is still C until the node rejoins', () => {
  const o = healthyObservations();
  o.redis!.failedNodes = 1;
  o.redis!.nodes[1] = { node: 'redis-1', up: false, role: 'master', failed: true };
  o.redis!.nodes[4]!.role = 'master';
  assert.deepEqual(scenarios(o), ['C']);
  assert.match(diagnose(o).scenarios[0]!.evidence.join('\n'), /redis-1 \(master\) not answering/);
  const steps = commands(o, 'C');
  assert.ok(steps.includes('butterfly exec redis-0 -- redis-cli cluster info'));
  assert.ok(steps.includes('butterfly exec redis-0 -- redis-cli cluster check localhost:6379'));
  assert.match(
    diagnose(o).scenarios[0]!.nextSteps.find((s) => s.command === 'butterfly remediate C --apply')!.why,
    /redis-1/,
  );
});

test('C: cluster_state fail with every node answering is C', () => {
  const o = healthyObservations();
  o.redis!.clusterOk = false;
  assert.deepEqual(scenarios(o), ['C']);
});

test('D: capsule↔odyssey with no answer while others reach both names D and a curl from the source address', () => {
  const o = cut(healthyObservations(), 'capsule', 'odyssey');
  o.chaosLeftovers = ['networkchaos-partition-x: partition on capsule-service and odyssey-core'];
  assert.deepEqual(scenarios(o), ['D']);
  const finding = diagnose(o).scenarios[0]!;
  assert.match(finding.evidence.join('\n'), /capsule → odyssey: no answer/);
  assert.match(finding.evidence.join('\n'), /odyssey → capsule: no answer/);
  assert.match(finding.evidence.join('\n'), /stuck chaos: networkchaos-partition-x/);
  const steps = commands(o, 'D');
  assert.ok(
    steps.includes('curl -v --interface 127.0.1.2 http://odyssey-core:8080/actuator/health'),
    steps.join('\n'),
  );
  assert.ok(steps.includes('butterfly remediate D --apply'));
});

test('D is not named when a target answers nobody (a service down) nor when it answers 503 (its store down)', () => {
  const down = healthyObservations();
  for (const cell of down.matrix!) if (cell.target === 'plato') cell.status = 0;
  serviceOf(down, 'plato').status = 'UNREACHABLE';
  assert.deepEqual(scenarios(down), []);
  assert.match(diagnose(down).otherFindings.join('\n'), /plato does not answer/);
  assert.equal(diagnose(down).verdict, 'degraded');

  const unhealthy = cut(healthyObservations(), 'capsule', 'odyssey', 503);
  assert.deepEqual(scenarios(unhealthy), []);
});

test('D: a breaker still open towards a peer the matrix reaches is stale connections; towards a cut peer it is not', () => {
  const o = healthyObservations();
  serviceOf(o, 'odyssey').openBreakers = { 'capsule-client': 'OPEN' };
  assert.deepEqual(scenarios(o), ['D']);
  assert.match(diagnose(o).scenarios[0]!.evidence.join('\n'), /odyssey: breaker capsule-client OPEN .*stale/);

  cut(o, 'capsule', 'odyssey');
  const evidence = diagnose(o).scenarios[0]!.evidence.join('\n');
  assert.doesNotMatch(evidence, /stale/);
  serviceOf(o, 'odyssey').openBreakers = { 'capsule-client': 'FORCED_OPEN' };
  assert.doesNotMatch(diagnose(o).scenarios[0]!.evidence.join('\n'), /stale/);
});

test('several at once: a Cassandra node, the Patroni leader, a Redis node and a partition are A+B+C+D, in order', () => {
  const o = cut(healthyObservations(), 'nexus', 'synapse');
  o.cassandra![2]!.up = false;
  o.postgres![0]!.running = false;
  o.redis!.nodes[0]!.up = false;
  o.redis!.failedNodes = 1;
  assert.deepEqual(scenarios(o), ['A', 'B', 'C', 'D']);
  for (const finding of diagnose(o).scenarios) assert.ok(finding.nextSteps.length > 0, finding.scenario);
});

test('A+D: a node down and a partition together keep both findings apart', () => {
  const o = cut(healthyObservations(), 'capsule', 'odyssey');
  o.cassandra![1]!.up = false;
  const diagnosis = diagnose(o);
  assert.deepEqual(scenarios(o), ['A', 'D']);
  assert.doesNotMatch(diagnosis.scenarios[0]!.evidence.join('\n'), /odyssey/);
  assert.doesNotMatch(diagnosis.scenarios[1]!.evidence.join('\n'), /cassandra/);
});

test('parts not observed and nothing wrong seen: unknown, exit 2; with something wrong: degraded, exit 1', () => {
  const o = healthyObservations();
  delete o.cassandra;
  o.unobserved = ['cassandra: collector failed or timed out'];
  assert.equal(diagnose(o).verdict, 'unknown');
  assert.equal(verdictExitCode(diagnose(o)), 2);
  o.redis!.clusterOk = false;
  assert.equal(verdictExitCode(diagnose(o)), 1);
});

test('chaos left journaled without a cut pair is reported, not taken for a partition', () => {
  const o = healthyObservations();
  o.chaosLeftovers = ['podchaos-pod-failure-x: pod-failure on redis-2'];
  assert.deepEqual(scenarios(o), []);
  assert.match(diagnose(o).otherFindings.join('\n'), /chaos fault still journaled/);
});

test('a target that is UP but answers some sources 503 is reported: the matrix is not green', () => {
  const o = healthyObservations();
  o.matrix!.find((c) => c.source === 'nexus' && c.target === 'plato')!.status = 503;
  const diagnosis = diagnose(o);
  assert.deepEqual(diagnosis.scenarios, []);
  assert.equal(diagnosis.verdict, 'degraded');
  assert.match(diagnosis.otherFindings.join('\n'), /plato's health answers 503 to nexus/);
});
