import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosSpecError, type SpecIssue } from '../manifest/index.ts';
import type { Experiment, Step } from './experiment.ts';
import { findExperiments, loadExperiments } from './load-experiments.ts';

const dir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-spec-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const CRITERIA = `  annotations:
    chaos.butterfly.dev/criteria: |
      detectionBudget: 30s
      recoveryBudget: 2m
`;

/** A PodChaos document whose spec is `spec` (indented two spaces). */
function podChaos(spec: string, name = 'kill-one'): string {
  return `apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata:
  name: ${name}
${CRITERIA}spec:
${spec}`;
}

let counter = 0;
function write(text: string, name = `experiment-${(counter += 1)}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function load(text: string, name?: string): Experiment[] {
  return loadExperiments(write(text, name));
}

function issuesOf(text: string): { code: string; issues: readonly SpecIssue[]; message: string } {
  try {
    load(text);
  } catch (error) {
    assert.ok(error instanceof ChaosSpecError, String(error));
    return { code: error.code, issues: error.issues, message: error.message };
  }
  assert.fail('expected a ChaosSpecError');
}

function only(issues: readonly SpecIssue[]): SpecIssue {
  assert.equal(
    issues.length,
    1,
    issues.map((issue) => `${issue.line} ${issue.field}: ${issue.message}`).join('\n'),
  );
  return issues[0]!;
}

function names(step: Step): string[] {
  return 'children' in step ? [step.name, ...step.children.flatMap(names)] : [step.name];
}

test('the shipped experiment files load, with their variants as <file>/<name>', () => {
  const experiments = findExperiments();
  assert.deepEqual(
    experiments.map((experiment) => `${experiment.name} ${experiment.kind} ${experiment.category}`),
    [
      'capsule-odyssey-partition Workflow network',
      'cassandra-node-failure/cassandra-node-kill PodChaos database',
      'cassandra-node-failure/cassandra-quorum-loss PodChaos database',
      'exporter-down PodChaos detection',
      'postgres-primary-failure/postgres-primary-kill PodChaos database',
      'postgres-primary-failure/postgres-primary-replica-partition NetworkChaos database',
      'redis-failover/redis-master-kill PodChaos cache',
      'redis-failover/redis-latency NetworkChaos cache',
      'service-down PodChaos detection',
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

function findStep(step: Step, name: string): Step | undefined {
  if (step.name === name) return step;
  return 'children' in step ? step.children.map((child) => findStep(child, name)).find(Boolean) : undefined;
}

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

test('an unknown kind is unsupported, with its line and the supported kinds', () => {
  const { code, issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: IOChaos
metadata:
  name: io
spec: {}
`);
  assert.equal(code, 'CHAOS_UNSUPPORTED');
  const issue = only(issues);
  assert.equal(issue.line, 2);
  assert.equal(issue.field, 'kind');
  assert.match(
    issue.message,
    /'IOChaos' is not supported; supported: PodChaos, NetworkChaos, StressChaos, Workflow, Schedule/,
  );
});

test('an unknown action names the actions of its kind', () => {
  const { code, issues, message } = issuesOf(
    podChaos(`  mode: one
  action: pod-explode
  selector: {}
`),
  );
  assert.equal(code, 'CHAOS_UNSUPPORTED');
  const issue = only(issues);
  assert.equal(issue.line, 11);
  assert.equal(issue.field, 'spec.action');
  assert.match(issue.message, /supported: pod-kill, container-kill, pod-failure/);
  assert.match(message, /experiment-\d+\.yaml:11: spec\.action: 'pod-explode' is not supported/);
});

test('a bad mode names the modes', () => {
  const issue = only(
    issuesOf(
      podChaos(`  action: pod-kill
  mode: some
  selector: {}
`),
    ).issues,
  );
  assert.equal(issue.line, 11);
  assert.match(issue.message, /supported: one, all, fixed, fixed-percent, random-max-percent/);
});

test('fixed needs a value; percentages must be 1-100', () => {
  const missing = only(
    issuesOf(
      podChaos(`  action: pod-kill
  mode: fixed
  selector: {}
`),
    ).issues,
  );
  assert.equal(missing.field, 'spec.value');
  assert.equal(missing.line, 9, 'a missing field points at its parent line');
  assert.match(missing.message, /required when mode is 'fixed'/);
  const { code, issues } = issuesOf(
    podChaos(`  action: pod-kill
  mode: fixed-percent
  value: "150"
  selector: {}
`),
  );
  assert.equal(code, 'VALIDATION_FAILED');
  assert.equal(only(issues).line, 12);
  assert.match(only(issues).message, /percentage 1-100/);
});

test('a bad duration says what a Go duration is', () => {
  const issue = only(
    issuesOf(
      podChaos(`  action: pod-failure
  mode: one
  duration: 5 minutes
  selector: {}
`),
    ).issues,
  );
  assert.equal(issue.line, 12);
  assert.equal(issue.field, 'spec.duration');
  assert.match(issue.message, /expected a Go duration.*got '5 minutes'/);
});

test('a Chaos Mesh field we do not implement (bandwidth) is unsupported, by name, with the supported fields', () => {
  const { code, issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: slow
${CRITERIA}spec:
  action: delay
  mode: all
  selector: {}
  delay:
    latency: 10ms
  bandwidth:
    rate: 1mbps
    limit: 100
    buffer: 100
`);
  assert.equal(code, 'CHAOS_UNSUPPORTED');
  const issue = only(issues);
  assert.equal(issue.line, 15);
  assert.equal(issue.field, 'spec.bandwidth');
  assert.match(
    issue.message,
    /'bandwidth' is not supported here; supported fields: selector, mode, value, action/,
  );
});

test('unsupported actions of a kind Chaos Mesh has (bandwidth, netem) are refused', () => {
  const issue = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: slow
${CRITERIA}spec:
  action: bandwidth
  mode: all
  selector: {}
`).issues,
  );
  assert.match(issue.message, /'bandwidth' is not supported; supported: partition, loss, delay/);
});

test('NetworkChaos: direction from/both needs a target; delay needs its delay block; unknown field selectors refused', () => {
  const { issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: cut
${CRITERIA}spec:
  action: delay
  mode: all
  direction: both
  selector:
    fieldSelectors:
      status.phase: Running
`);
  assert.deepEqual(
    issues.map((issue) => `${issue.line} ${issue.field}`),
    ['9 spec.target', '9 spec.delay', '15 spec.selector.fieldSelectors.status.phase'],
  );
  assert.match(issues[2]!.message, /supported: metadata\.name, metadata\.namespace/);
});

test('a dangling child, a cycle, a Suspend without deadline and a duration inside a Workflow', () => {
  const { issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata:
  name: flow
${CRITERIA}spec:
  entry: main
  templates:
    - name: main
      templateType: Serial
      children: [wait, missing, loop]
    - name: wait
      templateType: Suspend
    - name: loop
      templateType: Parallel
      children: [main]
    - name: kill
      templateType: PodChaos
      podChaos:
        action: pod-kill
        mode: one
        duration: 10s
        selector: {}
`);
  assert.deepEqual(
    issues.map((issue) => `${issue.line} ${issue.field}: ${issue.message}`),
    [
      "14 spec.templates[0].children[1]: no template named 'missing'; templates: main, wait, loop, kill",
      '15 spec.templates[1].deadline: required in a Suspend template: how long to wait',
      '19 spec.templates[2].children[0]: cycle: main → loop → main',
      "25 spec.templates[3].podChaos.duration: must not be set on chaos inside a Workflow; set the template's deadline instead",
    ],
  );
});

test('a missing entry template and a template type we do not run', () => {
  const { code, issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata:
  name: flow
${CRITERIA}spec:
  entry: nowhere
  templates:
    - name: io
      templateType: IOChaos
`);
  assert.equal(code, 'CHAOS_UNSUPPORTED');
  assert.equal(only(issues).line, 13);
  assert.match(
    only(issues).message,
    /supported: Serial, Parallel, Suspend, Task, StatusCheck, PodChaos, NetworkChaos, StressChaos/,
  );
  const dangling = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata:
  name: flow
${CRITERIA}spec:
  entry: nowhere
  templates:
    - name: pause
      templateType: Suspend
      deadline: 1s
`).issues,
  );
  assert.equal(dangling.line, 10);
  assert.match(dangling.message, /no template named 'nowhere'; templates: pause/);
});

test('a Workflow StatusCheck: defaults, a status range, headers joined', () => {
  const [experiment] = load(`apiVersion: chaos-mesh.org/v1alpha1
kind: Workflow
metadata:
  name: flow
${CRITERIA}spec:
  entry: check
  templates:
    - name: check
      templateType: StatusCheck
      statusCheck:
        type: HTTP
        duration: 20s
        http:
          url: http://capsule-service:8080/actuator/health
          headers:
            X-Tenant-ID: [chaos]
          criteria:
            statusCode: 200-204
`);
  const check = experiment?.root;
  assert.ok(check?.type === 'StatusCheck');
  assert.equal(check.deadlineMs, 20_000);
  assert.equal(check.mode, 'Synchronous');
  assert.equal(check.intervalMs, 10_000);
  assert.equal(check.timeoutMs, 1000);
  assert.equal(check.failureThreshold, 3);
  assert.equal(check.successThreshold, 1);
  assert.deepEqual(check.http.statusCodes, [200, 201, 202, 203, 204]);
  assert.deepEqual(check.http.headers, { 'X-Tenant-ID': 'chaos' });
});

test('StressChaos: cpu and memory, sizes in bytes; a stressor we do not run is refused', () => {
  const [experiment] = load(`apiVersion: chaos-mesh.org/v1alpha1
kind: StressChaos
metadata:
  name: burn
${CRITERIA}spec:
  mode: one
  selector: { labelSelectors: { app: plato } }
  duration: 30s
  stressors:
    cpu: { workers: 2, load: 80 }
    memory: { workers: 1, size: 256MiB }
`);
  assert.ok(experiment?.root.type === 'Fault' && experiment.root.fault.kind === 'StressChaos');
  assert.deepEqual(experiment.root.fault.cpu, { workers: 2, load: 80 });
  assert.deepEqual(experiment.root.fault.memory, { workers: 1, sizeBytes: 256 * 1024 * 1024 });
  const issue = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: StressChaos
metadata:
  name: burn
${CRITERIA}spec:
  mode: one
  selector: {}
  stressngStressors: --io 2
  stressors:
    cpu: { workers: 1 }
`).issues,
  );
  assert.equal(issue.line, 12);
  assert.match(issue.message, /'stressngStressors' is not supported here/);
});

test('Schedule: a valid cron runs its embedded chaos; a bad cron names the field and the format', () => {
  const [experiment] = load(`apiVersion: chaos-mesh.org/v1alpha1
kind: Schedule
metadata:
  name: nightly
${CRITERIA}spec:
  schedule: "*/30 2-4 * * MON-FRI"
  type: PodChaos
  historyLimit: 5
  concurrencyPolicy: Forbid
  podChaos:
    action: pod-kill
    mode: one
    selector: { labelSelectors: { app: cassandra } }
`);
  assert.equal(experiment?.schedule?.cron, '*/30 2-4 * * MON-FRI');
  assert.ok(experiment.root.type === 'Fault' && experiment.root.fault.kind === 'PodChaos');
  const issue = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: Schedule
metadata:
  name: nightly
${CRITERIA}spec:
  schedule: "61 * * * *"
  type: PodChaos
  podChaos: { action: pod-kill, mode: one, selector: {} }
`).issues,
  );
  assert.equal(issue.line, 10);
  assert.match(issue.message, /minute '61' is outside 0-59; expected five fields/);
});

test('criteria: required, and its issues point at lines inside the annotation', () => {
  const missing = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata:
  name: kill
spec: { action: pod-kill, mode: one, selector: {} }
`).issues,
  );
  assert.equal(missing.line, 3);
  assert.match(missing.message, /required: the pass criteria/);
  const { issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata:
  name: kill
  annotations:
    chaos.butterfly.dev/criteria: |
      detectionBudget: 30s
      recoveryBudget: soon
      workload: { kind: capsule-writes, ratePerSecond: 5, tenant: t }
      probes:
        - name: health
          url: not a url
          statuses: [200]
          phases: [during]
spec: { action: pod-kill, mode: one, selector: {} }
`);
  assert.deepEqual(
    issues.map((issue) => `${issue.line} ${issue.field}`),
    ['8 criteria.recoveryBudget', '12 criteria.probes[0].url'],
  );
});

test('criteria with a workload need the statuses it may see during the fault', () => {
  const issue = only(
    issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata:
  name: kill
  annotations:
    chaos.butterfly.dev/criteria: |
      detectionBudget: 30s
      recoveryBudget: 1m
      workload: { kind: capsule-writes, ratePerSecond: 5, tenant: t }
spec: { action: pod-kill, mode: one, selector: {} }
`).issues,
  );
  assert.equal(issue.field, 'criteria.allowedStatusesDuringFault');
  assert.match(issue.message, /required with a workload/);
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
