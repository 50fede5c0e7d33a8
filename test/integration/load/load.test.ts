import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES } from '../../../src/kit/platform/index.ts';
import { freePorts } from '../../harness/free-ports.ts';

const BIN = fileURLToPath(new URL('../../../bin/butterfly.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-load-'));

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  const ports = await freePorts(SERVICE_NAMES.length);
  const up = butterfly(
    'up',
    '--profile',
    'embedded',
    '--ports',
    SERVICE_NAMES.map((name, i) => `${name}=${ports[i]}`).join(','),
  );
  assert.equal(up.code, 0, up.stderr + up.stdout);
});

after(() => {
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly('down');
  rmSync(stateDir, { recursive: true, force: true });
});

test('50/s for 5 s on the embedded profile: the rate holds, every acknowledged write is read back once', () => {
  const load = butterfly('load', '--rate', '50', '--duration', '5s', '--json');
  assert.equal(load.code, 0, load.stderr + load.stdout);
  const report = JSON.parse(load.stdout);
  assert.equal(report.profile, 'embedded');
  assert.equal(report.schedule.due, 250);
  assert.equal(report.schedule.started, 250);
  assert.equal(report.schedule.shed, 0);
  assert.ok(
    report.schedule.achievedRatePerSecond >= 47.5,
    `achieved ${report.schedule.achievedRatePerSecond}/s`,
  );
  assert.ok(report.errorRate <= report.maxErrorRate, `error rate ${report.errorRate}`);
  const writes = report.operations.write;
  assert.ok(writes.results.ok >= 140, JSON.stringify(writes.results));
  assert.equal(report.ledger.acknowledged, writes.results.ok + (writes.results['ok:queued'] ?? 0));
  assert.deepEqual(
    { lost: report.ledger.lost, duplicated: report.ledger.duplicated, unexpected: report.ledger.unexpected },
    { lost: [], duplicated: [], unexpected: [] },
  );
  assert.ok(report.operations.read.latencyMs.count > 0 && report.operations.golden.results.ok > 0);
  // The live line, once a second, on stderr.
  assert.match(load.stderr, /\s+5s {2}sent \d+\/s \(50\) {2}done \d+\/s {2}errors /);
});
