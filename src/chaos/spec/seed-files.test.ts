// The user's four chaos files, read unchanged from the shared folder: what validates, what Chaos
// Mesh itself refuses (and so do we), and the criteria derived from their words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ChaosSpecError } from '../manifest/index.ts';
import { staticChaosPods } from '../selectors/index.ts';
import { loadExperimentFile, loadExperiments } from './load-experiments.ts';
import { renderPlan } from './plan.ts';
import { seedChaosDir, seedExperimentFile } from './testing/seed-files.ts';

function refusal(stem: string): ChaosSpecError {
  try {
    loadExperiments(seedExperimentFile(stem));
  } catch (error) {
    assert.ok(error instanceof ChaosSpecError, String(error));
    return error;
  }
  assert.fail(`${stem} validated, but Chaos Mesh refuses it`);
}

test('the seed folder is there (BUTTERFLY_SHARED_DIR or ../shared)', () => {
  assert.ok(
    existsSync(seedExperimentFile('cassandra-node-failure')),
    `no seed files under ${seedChaosDir()}`,
  );
});

test('cassandra-node-failure: kill, quorum loss and the weekly Schedule validate, criteria derived from the prose', () => {
  const experiments = loadExperiments(seedExperimentFile('cassandra-node-failure'));
  assert.deepEqual(
    experiments.map((experiment) => `${experiment.name} ${experiment.kind} ${experiment.category}`),
    [
      'cassandra-node-failure/cassandra-node-failure PodChaos database',
      'cassandra-node-failure/cassandra-quorum-loss PodChaos database',
      'cassandra-node-failure/cassandra-node-failure-weekly Schedule database',
    ],
  );
  const [kill, quorum, weekly] = experiments;
  assert.equal(kill!.criteria.recoveryBudgetMs, 5 * 60_000);
  assert.deepEqual(kill!.criteria.allowedStatusesDuringFault, [200, 201]);
  assert.equal(kill!.criteria.workload?.kind, 'capsule-writes');
  assert.equal(kill!.criteria.maxLostWrites, 0);
  assert.deepEqual(quorum!.criteria.allowedStatusesDuringFault, [200, 201, 202, 503]);
  assert.deepEqual(kill!.user, {
    description: 'Kill single Cassandra node to test cluster resilience',
    passCriteria: 'Read/write continuity, recovery < 5m',
    severity: 'low',
    failureMode: 'FM-CASS-001',
    runbook: 'docs/operations/failure-modes.md#fm-cass-001-cassandra-single-node-loss',
  });
  assert.equal(weekly!.schedule?.cron, '0 2 * * 3');
  const recovery = kill!.derivation?.find((line) => line.criterion.startsWith('recovery'));
  assert.deepEqual(recovery, {
    criterion: 'recovery ≤ 5m00s',
    from: '"< 5m" (chaos.butterfly.io/pass-criteria)',
  });
});

test('postgres-primary-failure: gracePeriod 0 on container-kill is accepted, as Chaos Mesh does', () => {
  const experiments = loadExperiments(seedExperimentFile('postgres-primary-failure'));
  assert.equal(experiments.length, 4);
  const container = experiments.find((experiment) => experiment.name.endsWith('/postgres-container-failure'));
  assert.ok(container?.root.type === 'Fault' && container.root.fault.kind === 'PodChaos');
  assert.equal(container.root.fault.gracePeriod, 0);
  const primary = experiments[0]!;
  assert.equal(primary.criteria.recoveryBudgetMs, 60_000, '"Failover < 60s"');
  assert.equal(primary.criteria.workload?.kind, 'plato-policies');
});

test('chaos plan prints each derived criterion and the words it came from', () => {
  const [kill] = loadExperiments(seedExperimentFile('cassandra-node-failure'));
  const plan = renderPlan(kill!, staticChaosPods());
  assert.match(plan, /derived criteria \(the file has no chaos\.butterfly\.dev\/criteria\):/);
  assert.match(plan, /recovery ≤ 5m00s\n\s+← "< 5m" \(chaos\.butterfly\.io\/pass-criteria\)/);
  assert.match(plan, /workload capsule-writes .*\n\s+← selector app=cassandra: a ledgered workload/);
  assert.match(plan, /user: severity low, failure mode FM-CASS-001, runbook docs\/operations/);
});

test('capsule-odyssey-partition: refused where Chaos Mesh’s CRD refuses it (target.mode is required), only there', () => {
  const error = refusal('capsule-odyssey-partition');
  assert.deepEqual(
    error.issues.map((issue) => `${issue.line} ${issue.field}`),
    ['76 spec.templates[2].networkChaos.target.mode'],
  );
  assert.equal(error.code, 'BFY_ERR_VALIDATION_FAILED');
});

test('redis-failover: refused where Chaos Mesh’s webhook refuses it (netem delay, direction both, no target), only there', () => {
  const error = refusal('redis-failover');
  assert.equal(error.issues.length, 1);
  assert.equal(error.issues[0]!.line, 91);
  assert.match(error.issues[0]!.message, /`from` and `both` direction cannot be used when targets is empty/);
});

test('every seed document is accounted for: validated, or refused by a Chaos Mesh rule', () => {
  const valid = ['cassandra-node-failure', 'postgres-primary-failure'].flatMap(
    (stem) => loadExperimentFile(seedExperimentFile(stem)).experiments,
  );
  assert.equal(valid.length, 7);
  assert.ok(valid.every((experiment) => experiment.derivation && experiment.derivation.length >= 6));
});
