import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExperiments } from './load-experiments.ts';

const DOCS = new URL('../../../docs/chaos.md', import.meta.url);

test("docs/chaos.md's criteria example is a valid annotation, so the page stays in step with the parser", () => {
  const page = readFileSync(DOCS, 'utf8');
  const block = /```yaml\n(metadata:\n[\s\S]*?)```/.exec(page)?.[1];
  assert.ok(block, 'the page has the metadata example');
  const dir = mkdtempSync(join(tmpdir(), 'butterfly-chaos-docs-'));
  try {
    const path = join(dir, 'example.yaml');
    const named = block.replace('metadata:\n', 'metadata:\n  name: example\n');
    writeFileSync(
      path,
      `apiVersion: chaos-mesh.org/v1alpha1\nkind: PodChaos\n${named}spec: { action: pod-kill, mode: one, selector: {} }\n`,
    );
    const [experiment] = loadExperiments(path);
    assert.equal(experiment?.category, 'network');
    const criteria = experiment.criteria;
    assert.equal(criteria.detectionBudgetMs, 30_000);
    assert.equal(criteria.recoveryBudgetMs, 120_000);
    assert.deepEqual(criteria.workload, {
      kind: 'capsule-writes',
      ratePerSecond: 5,
      tenant: 'chaos-partition-workload',
    });
    assert.deepEqual(criteria.allowedStatusesDuringFault, [200, 201]);
    assert.equal(criteria.probes[0]?.method, 'POST');
    assert.equal(criteria.probes[0]?.detection, true);
    assert.deepEqual(criteria.probes[0]?.json?.[1], { path: '$.degraded', oneOf: [false] });
    assert.equal(criteria.consistency?.[0]?.withinMs, 120_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
