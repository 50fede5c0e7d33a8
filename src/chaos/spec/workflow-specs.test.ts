import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRITERIA, load, issuesOf, only } from './testing/experiment-files.ts';

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
  assert.equal(code, 'BFY_ERR_CHAOS_UNSUPPORTED');
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
  assert.match(missing.message, /no criteria can be derived for app=\(none\).*write the pass criteria/);
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
