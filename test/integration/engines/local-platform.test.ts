// The whole local profile as the runbook uses it: `up --profile local --hosts` (engines, then the
// six services on them, names in /etc/hosts), the runbook's own commands verbatim, the golden
// path, `down`. Needs root and `butterfly setup`; fails (never skips) without them.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineProcesses } from '../../../src/cluster/local/index.ts';

const BIN = fileURLToPath(new URL('../../../bin/butterfly.js', import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-local-platform-'));

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 400_000,
    env: { ...process.env, BUTTERFLY_STATE_DIR: stateDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A runbook line, run by the shell exactly as written there. */
function runbook(line: string): string {
  return execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8', timeout: 30_000 }).trim();
}

after(() => {
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly('down');
  rmSync(stateDir, { recursive: true, force: true });
});

test('up --profile local --hosts runs the platform on the real engines; the runbook commands answer; down cleans up', () => {
  const up = butterfly('up', '--profile', 'local', '--hosts');
  assert.equal(up.code, 0, up.stdout + up.stderr);
  assert.match(up.stdout, /✓ capsule-service ready/);
  assert.match(up.stdout, /19 pods ready in/);
  assert.match(readFileSync('/etc/hosts', 'utf8'), /127\.0\.1\.2\tcapsule-service/);

  // The runbook's "Identify the affected component", verbatim.
  assert.equal(
    runbook('curl -s http://capsule-service:8080/actuator/health/cassandra | jq -r .status'),
    'UP',
  );
  assert.equal(runbook('curl -s http://plato-service:8080/actuator/health/db | jq -r .status'), 'UP');
  assert.equal(runbook('curl -s http://nexus-service:8080/actuator/health/redis | jq -r .status'), 'UP');

  const golden = butterfly('golden-path', '--json');
  assert.equal(golden.code, 0, golden.stdout + golden.stderr);
  assert.equal(JSON.parse(golden.stdout).passed, true);

  // The runbook's cross-service consistency check, verbatim, for the golden path's entity.
  const entity = JSON.parse(golden.stdout).rimNodeId as string;
  const capsules = runbook(
    `curl -s -H 'X-Tenant-ID: golden-path' "http://capsule-service:8080/api/v1/capsules?scopeId=${entity}" | jq '.content | length'`,
  );
  const entities = runbook(
    `curl -s -H 'X-Tenant-ID: golden-path' "http://odyssey-core:8080/api/v1/entities?entityId=${entity}" | jq '.totalElements'`,
  );
  assert.equal(capsules, entities);
  assert.notEqual(capsules, '0');

  // The cluster runs its exporter: every Cassandra node up, every service reaching every other.
  // A probe just after start can miss the exporter's bounded scrape; the pairs settle in seconds.
  let metrics = '';
  for (let attempt = 0; attempt < 15; attempt += 1) {
    metrics = runbook('curl -s http://127.0.0.1:9300/metrics');
    if (
      metrics.split('\n').filter((line) => line.startsWith('probe_success{') && line.endsWith(' 1'))
        .length === 30
    )
      break;
    runbook('sleep 2');
  }
  const lines = metrics.split('\n');
  const upNodes = lines.filter(
    (line) =>
      line.startsWith('cassandra_node_status{') && line.includes('status="up"') && line.endsWith(' 1'),
  );
  assert.equal(upNodes.length, 3, metrics);
  const reached = lines.filter((line) => line.startsWith('probe_success{') && line.endsWith(' 1'));
  assert.equal(reached.length, 30, 'six services, every ordered pair');

  const down = butterfly('down');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /stopped 19 pods/);
  assert.deepEqual(engineProcesses(), [], 'no engine process is left');
  assert.doesNotMatch(readFileSync('/etc/hosts', 'utf8'), /butterfly/);
});
