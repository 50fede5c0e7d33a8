import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetsIn } from './derived-criteria.ts';
import { loadExperimentFile } from './load-experiments.ts';
import { CRITERIA, write } from './testing/experiment-files.ts';

const PARTITION = `apiVersion: chaos-mesh.org/v1alpha1
kind: NetworkChaos
metadata:
  name: cut-capsule
  labels:
    chaos.butterfly.io/category: network
spec:
  action: partition
  mode: all
  direction: both
  selector:
    labelSelectors: { app: capsule }
  duration: 3m
`;

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cut-capsule-criteria
data:
  pass_criteria: |
    - CAPSULE queries continue working
    - Full cross-service communication restored within 2 minutes
  fail_criteria: |
    - 500 Internal Server Errors during partition
    - Recovery takes longer than 5 minutes
`;

test('budgets in prose: "< 5m", "within 2 minutes", "< 10s", "longer than 5 minutes"', () => {
  const where = 'test';
  assert.deepEqual(
    budgetsIn([
      { text: 'recovery < 5m', where },
      { text: 'restored within 2 minutes', where },
      { text: 'Sentinel failover < 10s', where },
      { text: 'takes longer than 5 minutes', where },
    ]).map((budget) => budget.ms),
    [300_000, 120_000, 10_000, 300_000],
  );
});

test('a <name>-criteria ConfigMap after the experiment is read; partition both without target is valid; trailing --- skipped', () => {
  const { experiments, notes } = loadExperimentFile(write(`${PARTITION}---\n${CONFIG_MAP}---\n`));
  assert.deepEqual(notes, []);
  const [experiment] = experiments;
  assert.equal(experiment!.name, 'experiment-1', 'one chaos document: named by the file');
  assert.equal(experiment!.category, 'network');
  assert.equal(experiment!.criteria.recoveryBudgetMs, 120_000);
  assert.deepEqual(experiment!.criteria.allowedStatusesDuringFault, [200, 201]);
  const from = Object.fromEntries(experiment!.derivation!.map((line) => [line.criterion, line.from]));
  assert.equal(
    from['recovery ≤ 2m00s'],
    '"within 2 minutes" (ConfigMap cut-capsule-criteria pass_criteria), the tightest of 2 budgets',
  );
  assert.equal(
    from['no 500 from any service'],
    '"500 Internal Server Errors during partition" (ConfigMap cut-capsule-criteria fail_criteria)',
  );
  assert.ok(experiment!.criteria.probes.some((probe) => probe.detection));
});

test('another ConfigMap is ignored with a note; our criteria annotation wins over the prose', () => {
  const own = `apiVersion: chaos-mesh.org/v1alpha1
kind: PodChaos
metadata:
  name: kill
${CRITERIA}    chaos.butterfly.io/pass-criteria: "recovery < 5m"
spec: { action: pod-failure, mode: one, gracePeriod: 0, duration: 30s, selector: { labelSelectors: { app: redis } } }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: dashboards
data: {}
`;
  const { experiments, notes } = loadExperimentFile(write(own));
  assert.deepEqual(
    notes.map((note) => `${note.line} ${note.message}`),
    ['12 v1 ConfigMap dashboards: not a chaos resource; ignored (kubectl would apply it as is)'],
  );
  assert.equal(experiments[0]!.criteria.recoveryBudgetMs, 120_000, 'the annotation says 2m');
  assert.equal(experiments[0]!.derivation, undefined);
  assert.equal(experiments[0]!.user?.passCriteria, 'recovery < 5m');
});
