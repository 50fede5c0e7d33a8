import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRITERIA, podChaos, load, issuesOf, only } from './testing/experiment-files.ts';

test('an unknown kind is unsupported, with its line and the supported kinds', () => {
  const { code, issues } = issuesOf(`apiVersion: chaos-mesh.org/v1alpha1
kind: IOChaos
metadata:
  name: io
spec: {}
`);
  assert.equal(code, 'BFY_ERR_CHAOS_UNSUPPORTED');
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
  assert.equal(code, 'BFY_ERR_CHAOS_UNSUPPORTED');
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
  assert.equal(code, 'BFY_ERR_VALIDATION_FAILED');
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
  assert.equal(code, 'BFY_ERR_CHAOS_UNSUPPORTED');
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

test('NetworkChaos: netem from/both needs a target (Chaos Mesh webhook); delay needs its delay block; unknown field selectors refused', () => {
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
    ['9 spec.delay', '12 spec.direction', '15 spec.selector.fieldSelectors.status.phase'],
  );
  assert.match(issues[1]!.message, /cannot be used when targets is empty in netem action/);
  assert.match(issues[2]!.message, /supported: metadata\.name, metadata\.namespace/);
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
