import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../../test/fixtures/k8s/fake-kube-api.ts';
import { createK8sChaosBackend } from './k8s-backend.ts';
import { ChaosKubeError, ChaosRefusedError } from './k8s-errors.ts';
import { NETWORK, partition, api, freshApi } from '../../../test/fixtures/k8s/backend-harness.ts';

before(async () => {
  // One client-node import for the file; each test gets its own server.
  await import('@kubernetes/client-node');
});

test('409 AlreadyExists: a ChaosKubeError saying how to clear it, and the existing resource is not deleted', async (t) => {
  await freshApi();
  t.after(() => api.close());
  api.on('POST', NETWORK, { status: 409, body: fixture('status/already-exists-409.json') });
  await assert.rejects(
    createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(partition, {
      environment: 'staging',
      force: false,
      timeoutMs: 1000,
      onEvent: () => {},
    }),
    (e: unknown) =>
      e instanceof ChaosKubeError &&
      e.code === 'BFY_ERR_CHAOS_KUBE_FAILED' &&
      e.status === 409 &&
      e.details.reason === 'AlreadyExists' &&
      e.message.includes('already exists') &&
      e.message.includes(
        "'kubectl delete networkchaos.chaos-mesh.org capsule-odyssey-partition -n butterfly'",
      ),
  );
  assert.deepEqual(
    api.requests.map((r) => r.method),
    ['POST'],
    'no watch, no delete',
  );
});

test('403 Forbidden, a missing CRD (404) and a webhook rejection (422) say which', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const backend = createK8sChaosBackend({ kubeconfig: api.kubeconfig });
  const attempt = (): Promise<unknown> =>
    backend.run(partition, { environment: 'staging', force: false, timeoutMs: 1000, onEvent: () => {} });
  api.on('POST', NETWORK, { status: 403, body: fixture('status/forbidden-403.json') });
  await assert.rejects(
    attempt(),
    (e: unknown) =>
      e instanceof ChaosKubeError &&
      e.status === 403 &&
      /^not allowed to create .*cannot create resource "networkchaos"/.test(e.message),
  );
  api.on('POST', NETWORK, { status: 404, body: fixture('status/no-such-resource-404.json') });
  await assert.rejects(
    attempt(),
    (e: unknown) =>
      e instanceof ChaosKubeError && e.status === 404 && e.message.includes('is Chaos Mesh installed?'),
  );
  api.on('POST', NETWORK, { status: 422, body: fixture('status/invalid-422.json') });
  await assert.rejects(
    attempt(),
    (e: unknown) =>
      e instanceof ChaosKubeError && e.status === 422 && e.message.includes('direction should be one of'),
  );
  assert.equal(api.requests.filter((r) => r.method !== 'POST').length, 0);
});

test('production is refused before the cluster is touched, by --env or by the kubeconfig context', async (t) => {
  await freshApi('gke_acme_europe-west1_production');
  t.after(() => api.close());
  const backend = createK8sChaosBackend({ kubeconfig: api.kubeconfig });
  const run = (environment: string, force: boolean): Promise<unknown> =>
    backend.run(partition, { environment, force, timeoutMs: 1000, onEvent: () => {} });
  await assert.rejects(
    run('prod', false),
    (e: unknown) =>
      e instanceof ChaosRefusedError &&
      e.code === 'BFY_ERR_CHAOS_REFUSED' &&
      e.message.includes("environment 'prod'"),
  );
  await assert.rejects(
    run('staging', false),
    (e: unknown) =>
      e instanceof ChaosRefusedError && e.message.includes("context 'gke_acme_europe-west1_production'"),
  );
  assert.equal(api.requests.length, 0);
  // Forced, it goes ahead (and here meets the 404 of a cluster without Chaos Mesh).
  await assert.rejects(run('prod', true), (e: unknown) => e instanceof ChaosKubeError && e.status === 404);
  assert.equal(api.made('POST', NETWORK).length, 1);
});

test('no kubeconfig anywhere is an error, not a silent localhost:8080', async () => {
  const backend = createK8sChaosBackend({ env: { HOME: '/nonexistent-home' } });
  await assert.rejects(
    backend.run(partition, { environment: 'staging', force: false, timeoutMs: 1000, onEvent: () => {} }),
    (e: unknown) => e instanceof ChaosKubeError && e.message.startsWith('no Kubernetes configuration'),
  );
});
