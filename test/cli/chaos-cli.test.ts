// `butterfly chaos list | validate | plan` as a user runs them: real processes, exit codes, messages.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    // Generous: other suites load this machine, and a spawned CLI then starts slowly.
    timeout: 60_000,
    cwd: ROOT,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('chaos list shows every experiment with kind, category, file:line and its faults', () => {
  const result = butterfly('chaos', 'list');
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^NAME\s+KIND\s+CATEGORY\s+FILE\s+FAULT$/);
  assert.equal(lines.length, 8);
  assert.match(
    result.stdout,
    /capsule-odyssey-partition\s+Workflow\s+network\s+chaos\/experiments\/capsule-odyssey-partition\.yaml:6\s+NetworkChaos partition all of app=capsule ↔ all of app=odyssey-core for 1m30s/,
  );
  assert.match(result.stdout, /redis-failover\/redis-latency\s+NetworkChaos\s+cache .* delay 500ms ± 100ms/);
  const json = butterfly('chaos', 'list', '--json', '--category', 'database');
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(
    JSON.parse(json.stdout).map((row: { name: string }) => row.name),
    [
      'cassandra-node-failure/cassandra-node-kill',
      'cassandra-node-failure/cassandra-quorum-loss',
      'postgres-primary-failure/postgres-primary-kill',
      'postgres-primary-failure/postgres-primary-replica-partition',
    ],
  );
});

test('chaos validate: each shipped file is valid (exit 0 with a summary)', () => {
  for (const name of [
    'capsule-odyssey-partition',
    'cassandra-node-failure',
    'postgres-primary-failure',
    'redis-failover',
  ]) {
    const result = butterfly('chaos', 'validate', `chaos/experiments/${name}.yaml`);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^✓ ${name}`, 'm'));
    assert.match(result.stdout, /valid experiment\(s\)$/m);
  }
});

test('chaos validate: an unsupported field exits 2 naming file:line, the field and what is supported', () => {
  const path = file(
    'bandwidth.yaml',
    `apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: throttle
  annotations:
    chaos.butterfly.dev/criteria: |
      detectionBudget: 10s
      recoveryBudget: 1m
spec:
  action: bandwidth
  mode: one
  selector: { labelSelectors: { app: capsule } }
  bandwidth: { rate: 1mbps, limit: 20971520, buffer: 10000 }
`,
  );
  const result = butterfly('chaos', 'validate', path);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trimEnd().split('\n');
  // The code docs/chaos.md promises, then every issue on its own line.
  assert.equal(lines[0], 'butterfly: BFY_ERR_CHAOS_UNSUPPORTED: 2 issue(s)');
  assert.match(
    lines[1]!,
    /^.*bandwidth\.yaml:10: spec\.action: 'bandwidth' is not supported; supported: partition, loss, delay$/,
  );
  assert.match(
    lines[2]!,
    /bandwidth\.yaml:13: spec\.bandwidth: 'bandwidth' is not supported here; supported fields: selector, mode, value, action/,
  );
});

test('chaos validate: a malformed file exits 2 with every issue at its line', () => {
  const path = file(
    'broken.yaml',
    `apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata:
  name: broken
  annotations:
    chaos.butterfly.dev/criteria: |
      detectionBudget: 10s
      recoveryBudget: 1m
spec:
  entry: main
  templates:
    - name: main
      templateType: Serial
      children: [pause, ghost]
    - name: pause
      templateType: Suspend
      deadline: 10 seconds
`,
  );
  const result = butterfly('chaos', 'validate', path);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /broken\.yaml:17: spec\.templates\[1\]\.deadline: expected a Go duration/);
});

test('chaos validate: a missing file or no file is exit 2', () => {
  const missing = butterfly('chaos', 'validate', join(dir, 'nope.yaml'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: cannot read the file \(ENOENT\)/);
  const none = butterfly('chaos', 'validate');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /validate needs the experiment file/);
});

test('chaos plan prints the step tree, the resolved targets and the criteria; role is resolved at injection', () => {
  const partition = butterfly('chaos', 'plan', 'capsule-odyssey-partition');
  assert.equal(partition.code, 0, partition.stderr);
  assert.match(partition.stdout, /^Serial capsule-odyssey-partition {2}deadline 10m00s$/m);
  assert.match(partition.stdout, /│ {2}├─ NetworkChaos capsule-odyssey-network-partition {2}deadline 1m30s/);
  assert.match(partition.stdout, /targets: all of app=capsule: capsule-service \(127\.0\.1\.2\)/);
  assert.match(partition.stdout, /peers: {3}all of app=odyssey-core: odyssey-core \(127\.0\.1\.3\)/);
  assert.match(partition.stdout, /Suspend wait-for-partition {2}deadline 20\.0s/);
  assert.match(partition.stdout, /detection ≤ 30\.0s, recovery ≤ 2m00s/);
  const postgres = butterfly('chaos', 'plan', 'postgres-primary-failure/postgres-primary-kill');
  assert.equal(postgres.code, 0, postgres.stderr);
  assert.match(
    postgres.stdout,
    /resolved at injection \(role is live\) among postgres-0 \(127\.0\.3\.1\), postgres-1 \(127\.0\.3\.2\)/,
  );
  assert.doesNotMatch(postgres.stdout, /postgres-primary-replica-partition/);
  const cassandra = butterfly('chaos', 'plan', 'chaos/experiments/cassandra-node-failure.yaml');
  assert.equal(cassandra.code, 0, cassandra.stderr);
  assert.match(
    cassandra.stdout,
    /targets: one of app=cassandra,metadata\.name=cassandra-1: cassandra-1 \(127\.0\.2\.2\)/,
  );
  assert.match(cassandra.stdout, /cassandra-quorum-loss/);
});

test('chaos plan of an unknown experiment, and an unknown subcommand or option, exit 2 saying what exists', () => {
  const unknown = butterfly('chaos', 'plan', 'disk-full');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no experiment or file 'disk-full'; experiments: capsule-odyssey-partition, /);
  const variant = butterfly('chaos', 'plan', 'redis-failover/redis-flood');
  assert.equal(variant.code, 2);
  assert.match(
    variant.stderr,
    /no experiment 'redis-failover\/redis-flood' in .*redis-failover\.yaml; it has redis-failover\/redis-master-kill, redis-failover\/redis-latency/,
  );
  const sub = butterfly('chaos', 'explode');
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /unknown chaos subcommand 'explode'; expected one of list, validate, plan/);
  assert.match(sub.stderr, /Usage: butterfly chaos list/);
  const option = butterfly('chaos', 'validate', '--json', 'chaos/experiments/redis-failover.yaml');
  assert.equal(option.code, 2);
  assert.match(option.stderr, /chaos validate does not take --json/);
});

test('--help lists chaos', () => {
  const result = butterfly('--help');
  assert.match(result.stdout, /^ {2}chaos\s+Chaos experiments/m);
});

test('chaos run --load replaces the workload rate (shown by --dry-run); a bad rate exits 2 naming the flag', () => {
  const stateDir = join(dir, 'no-cluster');
  const planned = butterfly(
    'chaos',
    'run',
    'redis-failover/redis-master-kill',
    '--dry-run',
    '--load',
    '100/s',
    '--state-dir',
    stateDir,
  );
  assert.equal(planned.code, 0, planned.stderr);
  assert.match(planned.stdout, /workload: synapse-actions at 100\/s as tenant chaos-redis;/);
  for (const bad of ['fast', '0', '-5', '1001', '100/m']) {
    const result = butterfly(
      'chaos',
      'run',
      'redis-failover',
      '--dry-run',
      `--load=${bad}`,
      '--state-dir',
      stateDir,
    );
    assert.equal(result.code, 2, `--load ${bad}: ${result.stderr}`);
    assert.match(
      result.stderr,
      new RegExp(
        `--load must be writes per second above 0 and at most 1000, e\\.g\\. 100 or 100/s; got '${bad}'`,
      ),
    );
  }
});
