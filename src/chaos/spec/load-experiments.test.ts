import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { findExperiments, loadExperiments } from './load-experiments.ts';
import { dir, podChaos, load, issuesOf, only, names, findStep } from './testing/experiment-files.ts';

test('the shipped experiment files load, with their variants as <file>/<name>', () => {
  const experiments = findExperiments();
  assert.deepEqual(
    experiments.map((experiment) => `${experiment.name} ${experiment.kind} ${experiment.category}`),
    [
      'capsule-odyssey-partition Workflow network',
      'cassandra-node-failure/cassandra-node-kill PodChaos database',
      'cassandra-node-failure/cassandra-quorum-loss PodChaos database',
      'postgres-primary-failure/postgres-primary-kill PodChaos database',
      'postgres-primary-failure/postgres-primary-replica-partition NetworkChaos database',
      'redis-failover/redis-master-kill PodChaos cache',
      'redis-failover/redis-latency NetworkChaos cache',
    ],
  );
  for (const experiment of experiments) {
    assert.equal(experiment.manifest.apiVersion, 'chaos-mesh.org/v1alpha1');
    assert.equal((experiment.manifest.metadata as { namespace: string }).namespace, 'butterfly');
    assert.ok(experiment.criteria.detectionBudgetMs > 0 && experiment.criteria.recoveryBudgetMs > 0);
    assert.equal(experiment.criteria.maxLostWrites, 0);
  }
});

test('the partition workflow: create data, partition both ways alongside the checks, then consistency', () => {
  const [partition] = findExperiments().filter(
    (experiment) => experiment.name === 'capsule-odyssey-partition',
  );
  assert.ok(partition);
  assert.deepEqual(names(partition.root), [
    'capsule-odyssey-partition',
    'create-test-data',
    'partition-and-verify',
    'capsule-odyssey-network-partition',
    'verify-under-partition',
    'wait-for-partition',
    'verify-services-healthy',
    'capsule-healthy-alone',
    'odyssey-healthy-alone',
    'verify-graceful-degradation',
    'verify-consistency',
  ]);
  const root = partition.root;
  assert.equal(root.type, 'Serial');
  assert.equal(root.deadlineMs, 600_000);
  const parallel = root.type === 'Serial' ? root.children[1] : undefined;
  assert.equal(parallel?.type, 'Parallel');
  const fault = parallel?.type === 'Parallel' ? parallel.children[0] : undefined;
  assert.ok(fault?.type === 'Fault' && fault.fault.kind === 'NetworkChaos');
  assert.equal(fault.fault.action, 'partition');
  assert.equal(fault.fault.direction, 'both');
  assert.equal(fault.fault.durationMs, 90_000, "a workflow chaos lasts its template's deadline");
  assert.deepEqual(fault.fault.selector.labelSelectors, { app: 'capsule' });
  assert.deepEqual(fault.fault.target?.labelSelectors, { app: 'odyssey-core' });
  assert.deepEqual(fault.fault.selector.namespaces, ['butterfly']);
  const task = root.type === 'Serial' ? root.children[0] : undefined;
  assert.ok(task?.type === 'Task');
  assert.deepEqual(task.command.slice(0, 2), ['/bin/sh', '-c']);
  assert.match(task.command[2]!, /http:\/\/capsule-service:8080\/api\/v1\/capsules/);
  const probes = partition.criteria.probes.map((probe) => probe.name);
  assert.ok(probes.includes('odyssey-orchestrate-degraded'));
  const degraded = partition.criteria.probes.find((probe) => probe.name === 'odyssey-orchestrate-degraded');
  assert.deepEqual(degraded?.statuses, [200, 503], 'ODYSSEY: cached 200 or 503, never 500');
  assert.equal(partition.criteria.consistency?.[0]?.withinMs, 120_000);
  assert.equal(partition.criteria.consistency?.[0]?.left.path, '$.content.length');
  assert.equal(partition.criteria.consistency?.[0]?.right.path, '$.totalElements');
  // Lines point into the file: the StatusCheck template's own line.
  const check = findStep(partition.root, 'capsule-healthy-alone');
  assert.ok(check?.type === 'StatusCheck');
  assert.deepEqual(check.http.statusCodes, [200]);
  assert.equal(check.intervalMs, 2000);
  assert.ok(check.source.line > 100);
});

test('a single PodChaos document is named after its file; namespaces default to the resource', () => {
  const [experiment] = load(
    podChaos(`  action: pod-kill
  mode: fixed
  value: "2"
  selector:
    labelSelectors:
      app: cassandra
`),
    'single.yaml',
  );
  assert.equal(experiment?.name, 'single');
  assert.ok(experiment?.root.type === 'Fault');
  assert.deepEqual(experiment.root.fault.selector, {
    namespaces: ['butterfly'],
    labelSelectors: { app: 'cassandra' },
    fieldSelectors: {},
    pods: {},
    mode: 'fixed',
    value: '2',
  });
});

test('durations in Go syntax', () => {
  const [experiment] = load(
    podChaos(`  action: pod-failure
  mode: one
  duration: 1m30s
  selector:
    labelSelectors: { app: redis }
`),
  );
  assert.ok(experiment?.root.type === 'Fault');
  assert.equal(experiment.root.fault.durationMs, 90_000);
  assert.equal(experiment.root.deadlineMs, 90_000);
});

test('not YAML, an empty file, a wrong apiVersion and an unreadable path', () => {
  assert.equal(only(issuesOf('kind: [PodChaos\n').issues).line, 1);
  assert.match(only(issuesOf('').issues).message, /no YAML document/);
  const version = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1
kind: PodChaos
metadata: { name: kill }
spec: {}
`).issues,
  );
  assert.equal(version.field, 'apiVersion');
  assert.match(version.message, /supported: chaos-mesh\.org\/v1alpha1/);
  assert.throws(
    () => loadExperiments(join(dir, 'absent.yaml')),
    /absent\.yaml: cannot read the file \(ENOENT\)/,
  );
});

test('issues of every document of a file are reported together, each at its own line', () => {
  const { issues } = issuesOf(
    `${podChaos(`  action: pod-kill
  mode: one
  selector: {}
`)}---
${podChaos(
  `  action: pod-kill
  mode: everything
  selector: {}
`,
  'kill-two',
)}`,
  );
  assert.deepEqual(
    issues.map((issue) => issue.line),
    [24],
  );
});

test('two documents with the same name are refused', () => {
  const spec = `  action: pod-kill
  mode: one
  selector: {}
`;
  const issue = only(issuesOf(`${podChaos(spec)}---\n${podChaos(spec)}`).issues);
  assert.match(issue.message, /duplicate name '.*\/kill-one' \(first at line 1\)/);
  assert.equal(issue.line, 17);
});
