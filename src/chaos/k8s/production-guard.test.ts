import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChaosRefusedError } from './k8s-errors.ts';
import { looksLikeProduction, refuseProduction } from './production-guard.ts';
import { exitCodeOf } from '../../kit/errors/index.ts';

test('production is a word of the name, in any case', () => {
  for (const name of ['prod', 'production', 'PROD', 'eu-prod-2', 'gke_acme_europe-west1_production']) {
    assert.equal(looksLikeProduction(name), true, name);
  }
  for (const name of ['staging', 'preprod', 'product-demo', 'kind-butterfly', '']) {
    assert.equal(looksLikeProduction(name), false, name);
  }
});

test('a production environment or context is refused with BFY_ERR_CHAOS_REFUSED (exit 2) unless forced', () => {
  assert.throws(
    () => refuseProduction({ environment: 'production', force: false }),
    (e: unknown) =>
      e instanceof ChaosRefusedError &&
      e.code === 'BFY_ERR_CHAOS_REFUSED' &&
      exitCodeOf(e.code) === 2 &&
      e.message.includes("environment 'production'") &&
      e.message.includes('--force'),
  );
  assert.throws(
    () => refuseProduction({ environment: 'staging', context: 'eks-prod', force: false }),
    (e: unknown) => e instanceof ChaosRefusedError && e.message.includes("Kubernetes context 'eks-prod'"),
  );
  refuseProduction({ environment: 'production', context: 'eks-prod', force: true });
  refuseProduction({ environment: 'staging', context: 'kind-butterfly', force: false });
});
