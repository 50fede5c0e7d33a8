// The four runbook experiments at load on the local platform (issue 16): `up --profile local
// --hosts`, then each experiment with `chaos run <name> --load RATE`, judged PASS with no
// acknowledged write lost or duplicated and the workload holding RATE from the fault to the
// recovery; `down`. RATE is the highest this 2-core machine sustains healthy (docs/load.md).
// Needs root and `butterfly setup`; run it under the engine lock:
//   flock /tmp/butterfly-engines.lock npm run test:chaos:load
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonReport } from '../../../src/chaos/report/json-report.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(REPO, 'bin/butterfly.js');
/** Writes per second; BUTTERFLY_CHAOS_LOAD_RATE tries another rate. */
const RATE = Number(process.env.BUTTERFLY_CHAOS_LOAD_RATE ?? 15);
/** The share of RATE the workload must start from the fault to the recovery. */
const HELD_SHARE = 0.8;
const EXPERIMENTS = [
  'capsule-odyssey-partition',
  'cassandra-node-failure/cassandra-node-kill',
  'postgres-primary-failure/postgres-primary-kill',
  'redis-failover/redis-master-kill',
];
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-load-'));
const reportsDir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-load-reports-'));

function butterfly(args: string[], timeoutMs: number) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

before(() => {
  const up = butterfly(['up', '--profile', 'local', '--hosts'], 600_000);
  assert.equal(up.code, 0, up.output);
});

after(() => {
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly(['down'], 300_000);
  rmSync(stateDir, { recursive: true, force: true });
});

for (const experiment of EXPERIMENTS) {
  test(`${experiment} passes at ${RATE} writes/s: nothing acknowledged lost or duplicated, the rate held`, () => {
    const outputDir = join(reportsDir, experiment.replace('/', '_'));
    const result = butterfly(
      ['chaos', 'run', experiment, '--load', String(RATE), '--output-dir', outputDir],
      900_000,
    );
    const report = JSON.parse(readFileSync(join(outputDir, 'chaos-report.json'), 'utf8')) as JsonReport;
    const [run] = report.runs;
    const [measures] = report.summary.experiments;
    assert.equal(result.code, 0, result.output);
    assert.equal(run!.verdict.result, 'PASS', run!.verdict.reasons.join('\n'));
    assert.equal(measures!.targetRatePerSecond, RATE);
    assert.ok(run!.ledger && run!.ledger.acknowledged > 0, 'the workload wrote');
    assert.deepEqual(run!.ledger.lost, [], 'no acknowledged write lost');
    assert.deepEqual(run!.ledger.duplicated, [], 'no write duplicated');
    const held = measures!.faultWindowRatePerSecond ?? 0;
    assert.ok(held >= HELD_SHARE * RATE, `held ${held.toFixed(1)}/s of ${RATE}/s from the fault to recovery`);
  });
}
