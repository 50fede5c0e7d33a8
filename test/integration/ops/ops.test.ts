// Detect, diagnose, remediate, verify — on a real local platform, one start for the whole file.
// Each of the runbook's scenarios is caused for real (a Cassandra node, the Patroni leader, a
// Redis master killed -9 and held down; capsule↔odyssey partitioned by iptables): `butterfly
// status --json` names it within 10 s with the runbook's next steps, `remediate X --apply`
// brings the platform back to a status that exits 0, and at the end `verify consistency` and
// `verify recovery` pass. Run under `flock /tmp/butterfly-engines.lock`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runButterfly, type CliRun } from '../../harness/butterfly-cli.ts';
import { releaseAll } from '../../../src/cluster/pod-holds.ts';
import { cleanupLocal, localChaosPods } from '../../../src/chaos/local/index.ts';
import { injectLocal } from '../../../src/chaos/kinds/index.ts';
import type { Fault, PodSelector } from '../../../src/chaos/spec/experiment.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import type { ScenarioId, StatusReport } from '../../../src/ops/status/index.ts';

const STATE_DIR = mkdtempSync('/tmp/bfy-ops-');
// The fault harness reads its state dir when it is loaded: set it first, then import.
process.env.BUTTERFLY_FAULTS_STATE_DIR = STATE_DIR;
const harness = await import('../../harness/local-platform.ts');
const { BUTTERFLY_BIN, CapsuleWorkload, heal, killPod, partition, release, serviceAddress } = harness;

/** The runbook's "within 10 seconds of the fault". */
const DETECTION_BUDGET_MS = 10_000;

/** Runs `butterfly …` against the test's platform, without blocking the event loop. */
function butterfly(args: string[], timeoutMs = 600_000): Promise<CliRun> {
  return runButterfly(args, STATE_DIR, timeoutMs);
}

async function status(): Promise<{ code: number | null; report: StatusReport }> {
  const run = await butterfly(['status', '--json'], 60_000);
  assert.ok(run.stdout.trim(), `status printed nothing (exit ${run.code}): ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as StatusReport };
}

/**
 * Asks status right after the fault, again until it names `scenario`; fails when that takes
 * longer than the detection budget (measured from the fault, process start included).
 */
async function statusNaming(scenario: ScenarioId, faultAt: number): Promise<StatusReport> {
  for (;;) {
    const { code, report } = await status();
    const named = report.diagnosis.scenarios.map((finding) => finding.scenario);
    const elapsed = Date.now() - faultAt;
    if (named.includes(scenario)) {
      assert.equal(code, 1, 'a degraded platform exits 1');
      assert.ok(elapsed <= DETECTION_BUDGET_MS, `scenario ${scenario} named after ${elapsed} ms`);
      return report;
    }
    assert.ok(
      elapsed <= DETECTION_BUDGET_MS,
      `scenario ${scenario} not named within ${elapsed} ms: ${named.join(',')}`,
    );
  }
}

/** Status exits 0 (healthy), polled: a restarted pod takes a moment to be seen by everyone. */
async function healthyWithin(ms: number): Promise<StatusReport> {
  const deadline = Date.now() + ms;
  for (;;) {
    const { code, report } = await status();
    if (code === 0) return report;
    if (Date.now() > deadline)
      assert.fail(`status still ${report.diagnosis.verdict}: ${JSON.stringify(report.diagnosis, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

async function remediate(scenario: string): Promise<void> {
  const run = await butterfly(['remediate', scenario, '--apply'], 900_000);
  assert.equal(run.code, 0, `remediate ${scenario} --apply:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /✓/);
  assert.doesNotMatch(run.stdout, /✗/);
}

const steps = (report: StatusReport, scenario: string) =>
  report.diagnosis.scenarios
    .find((finding) => finding.scenario === scenario)!
    .nextSteps.map((step) => step.command);
const alerts = (report: StatusReport) => report.alerts.map((alert) => `${alert.alert} ${alert.subject}`);

before(() => {
  const up = spawnSync(
    process.execPath,
    [BUTTERFLY_BIN, 'up', '--profile', 'local', '--state-dir', STATE_DIR],
    {
      stdio: 'inherit',
      timeout: 600_000,
    },
  );
  assert.equal(up.status, 0, `butterfly up --profile local exited ${up.status}\n${serviceLogTails()}`);
});

/** The end of each service's log: after() removes the state dir, so a failed start says why here. */
function serviceLogTails(): string {
  const logs = join(STATE_DIR, 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs)
    .map((file) => `--- ${file}\n${readFileSync(join(logs, file), 'utf8').split('\n').slice(-15).join('\n')}`)
    .join('\n');
}

after(async () => {
  heal();
  releaseAll(STATE_DIR);
  await cleanupLocal(STATE_DIR).catch(() => undefined);
  if (existsSync(join(STATE_DIR, 'cluster.json')))
    spawnSync(process.execPath, [BUTTERFLY_BIN, 'down', '--state-dir', STATE_DIR], {
      stdio: 'inherit',
      timeout: 300_000,
    });
  rmSync(STATE_DIR, { recursive: true, force: true });
});

const workload = new CapsuleWorkload('rim:test:ops-verification', 'ops');

test('healthy platform: status exits 0, the matrix is 30 green pairs, the engines are whole, no alert', async () => {
  assert.equal((await workload.write(5)).filter((answer) => answer.status === 201).length, 5);
  const report = await healthyWithin(120_000);
  assert.equal(report.observations.matrix!.length, 30);
  assert.ok(
    report.observations.matrix!.every((cell) => cell.status === 200),
    JSON.stringify(report.observations.matrix!.filter((cell) => cell.status !== 200)),
  );
  assert.deepEqual(report.alerts, []);
  assert.equal(report.observations.cassandra!.length, 3);
  assert.equal(report.observations.redis!.nodes.filter((node) => node.role === 'master').length, 3);
  assert.ok(report.tookMs < DETECTION_BUDGET_MS, `status took ${report.tookMs} ms`);
});

test('A: a Cassandra node killed and held down is named with its steps; remediate A brings it back', async (t) => {
  t.after(() => release('cassandra-2'));
  await killPod('cassandra-2', { hold: true });
  const faultAt = Date.now();
  const report = await statusNaming('A', faultAt);
  assert.ok(alerts(report).includes('CassandraNodeDown cassandra-2'), alerts(report).join('\n'));
  const next = steps(report, 'A');
  assert.ok(next.includes('butterfly exec cassandra-0 -- nodetool status'), next.join('\n'));
  assert.ok(next.includes('butterfly remediate A --apply'));
  // Writes go on (LOCAL_QUORUM, or queued when the driver has not yet noticed the dead node);
  // the node catches up through hints, the queue replays.
  const during = await workload.write(5);
  assert.ok(
    during.every((answer) => answer.status === 201 || answer.status === 202),
    during.map((answer) => answer.status).join(','),
  );
  await remediate('A');
  await healthyWithin(180_000);
});

test('B: the Patroni leader killed and held down is named; remediate B fails over and brings the old leader back', async (t) => {
  const { report: before } = await status();
  const leader = before.observations.postgres!.find((m) => m.role === 'primary' && m.running)!.member;
  const replica = before.observations.postgres!.find((m) => m.member !== leader)!.member;
  t.after(() => release(leader));
  await killPod(leader, { hold: true });
  const faultAt = Date.now();
  const report = await statusNaming('B', faultAt);
  const next = steps(report, 'B');
  assert.ok(next.includes(`butterfly exec ${replica} -- pg_isready`), next.join('\n'));
  assert.ok(next.includes('butterfly remediate B --apply'));
  assert.ok(
    alerts(report).includes('PostgresPrimaryUnavailable no running primary') ||
      report.observations.postgres!.some((m) => m.member === replica && m.role === 'primary'),
  );
  await remediate('B');
  const healed = await healthyWithin(180_000);
  assert.ok(healed.observations.postgres!.every((m) => m.running));
});

test('C: a Redis master killed and held down is named; remediate C restarts it and the cluster checks out', async (t) => {
  const { report: before } = await status();
  const master = before.observations.redis!.nodes.find((node) => node.role === 'master')!.node;
  t.after(() => release(master));
  await killPod(master, { hold: true });
  const faultAt = Date.now();
  const report = await statusNaming('C', faultAt);
  assert.ok(
    alerts(report).some((alert) => alert.startsWith('RedisClusterDegraded')),
    alerts(report).join('\n'),
  );
  const next = steps(report, 'C');
  assert.ok(next.includes('butterfly remediate C --apply'), next.join('\n'));
  assert.ok(next.some((step) => step.endsWith('-- redis-cli cluster check localhost:6379')));
  await remediate('C');
  await healthyWithin(180_000);
});

test('D: capsule↔odyssey partitioned by iptables is named D with a curl from the source address', async () => {
  partition(serviceAddress('capsule'), serviceAddress('odyssey'));
  try {
    const report = await statusNaming('D', Date.now());
    assert.ok(alerts(report).includes('CrossServicePartition capsule → odyssey'), alerts(report).join('\n'));
    assert.ok(alerts(report).includes('CrossServicePartition odyssey → capsule'));
    assert.ok(
      steps(report, 'D').some((step) =>
        /^curl -v --interface 127\.0\.1\.[23] http:\/\/(odyssey-core|capsule-service):8080/.test(step),
      ),
      steps(report, 'D').join('\n'),
    );
  } finally {
    heal();
  }
});

test('D: the same partition left behind by a chaos injector that died is removed by remediate D', async () => {
  const pods = await localChaosPods(STATE_DIR);
  const pod = (name: string) => pods.find((candidate) => candidate.name === name)!;
  const selector: PodSelector = {
    namespaces: ['butterfly'],
    labelSelectors: {},
    fieldSelectors: {},
    pods: {},
    mode: 'all',
  };
  const fault: Fault = { kind: 'NetworkChaos', action: 'partition', selector, direction: 'both' };
  // Injected and never recovered: what a SIGKILLed runner leaves in the journal.
  await injectLocal(fault, [pod('capsule-service')], [pod('odyssey-core')], {
    stateDir: STATE_DIR,
    clock: systemClock,
  });
  const report = await statusNaming('D', Date.now());
  assert.match(
    report.diagnosis.scenarios.find((s) => s.scenario === 'D')!.evidence.join('\n'),
    /stuck chaos/,
  );
  await remediate('D');
  const healed = await healthyWithin(180_000);
  assert.deepEqual(healed.observations.chaosLeftovers, []);
});

test('after healing: verify consistency and verify recovery pass', async () => {
  const consistency = await butterfly(['verify', 'consistency', '--json'], 300_000);
  const report = JSON.parse(consistency.stdout || '{}');
  assert.equal(
    consistency.code,
    0,
    `verify consistency: ${JSON.stringify(report.agreement)} ${JSON.stringify(report.serviceDisagreements)} ${consistency.stderr}`,
  );
  assert.equal(report.nodes.length, 3);
  assert.ok(report.services.some((row: { scopeId: string }) => row.scopeId === 'rim:test:ops-verification'));
  const scoped = await butterfly([
    'verify',
    'consistency',
    '--scope',
    'rim:test:ops-verification',
    '--tenant',
    'ops',
  ]);
  assert.equal(scoped.code, 0, scoped.stdout + scoped.stderr);
  assert.match(scoped.stdout, /1\/1 agree/);

  const recovery = await butterfly(['verify', 'recovery'], 600_000);
  assert.equal(recovery.code, 0, recovery.stdout + recovery.stderr);
  assert.match(recovery.stdout, /RECOVERED/);
});
