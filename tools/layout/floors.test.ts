import assert from 'node:assert/strict';
import { test } from 'node:test';
import { areaOf, layoutViolation } from './floors.ts';

test('an area is a folder under a floor, or a floor’s root', () => {
  assert.equal(areaOf('src/chaos/spec/kinds/pod.ts'), 'src/chaos/spec');
  assert.equal(areaOf('src/cluster/topology.ts'), 'src/cluster');
  assert.equal(areaOf('test/harness/platform.ts'), undefined);
});

test('a lower floor never imports a higher one', () => {
  assert.equal(layoutViolation('src/kit/time/clock.ts', 'src/resilience/breaker/index.ts')?.rule, 'upward');
  assert.equal(layoutViolation('src/services/capsule/routes.ts', 'src/kit/time/index.ts'), undefined);
});

test('another area is entered only through its index.ts; its testing/index.ts only from tests', () => {
  assert.equal(layoutViolation('src/chaos/k8s/a.ts', 'src/chaos/spec/experiment.ts')?.rule, 'deep');
  assert.equal(layoutViolation('src/chaos/k8s/a.ts', 'src/chaos/spec/index.ts'), undefined);
  assert.equal(layoutViolation('src/chaos/k8s/a.ts', 'src/kit/time/testing/index.ts')?.rule, 'deep');
  assert.equal(layoutViolation('src/chaos/k8s/a.test.ts', 'src/kit/time/testing/index.ts'), undefined);
  assert.equal(
    layoutViolation('src/chaos/spec/a.ts', 'src/chaos/spec/kinds/pod.ts'),
    undefined,
    'inside one area',
  );
});

test('product code never imports test code; a new top-level folder must be given a floor', () => {
  assert.equal(layoutViolation('src/ops/a.ts', 'test/harness/platform.ts')?.rule, 'test-code');
  assert.equal(layoutViolation('src/ops/a.test.ts', 'test/fixtures/x.ts'), undefined);
  assert.equal(layoutViolation('src/gadgets/a.ts', 'src/kit/time/index.ts')?.rule, 'unknown-floor');
});
