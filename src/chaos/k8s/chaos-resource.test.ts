import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chaosResourceOf, CHAOS_PLURALS } from './chaos-resource.ts';
import { ChaosKubeError } from './k8s-errors.ts';

test('each kind is served under its Chaos Mesh plural', () => {
  assert.deepEqual(CHAOS_PLURALS, {
    PodChaos: 'podchaos',
    NetworkChaos: 'networkchaos',
    StressChaos: 'stresschaos',
    Workflow: 'workflows',
    Schedule: 'schedules',
  });
});

test('the namespace comes from the manifest, else from the kubeconfig', () => {
  assert.deepEqual(chaosResourceOf('Workflow', { metadata: { name: 'w', namespace: 'chaos' } }, 'default'), {
    kind: 'Workflow',
    plural: 'workflows',
    namespace: 'chaos',
    name: 'w',
  });
  assert.equal(chaosResourceOf('PodChaos', { metadata: { name: 'p' } }, 'butterfly').namespace, 'butterfly');
});

test('a manifest without a fixed name cannot be watched or deleted, so it is refused', () => {
  assert.throws(
    () => chaosResourceOf('PodChaos', { metadata: { generateName: 'kill-' } }, 'default'),
    (e: unknown) =>
      e instanceof ChaosKubeError &&
      e.code === 'BFY_ERR_CHAOS_KUBE_FAILED' &&
      /metadata\.name/.test(e.message),
  );
});
