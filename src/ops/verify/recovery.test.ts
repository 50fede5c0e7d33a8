import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cut, healthyObservations, serviceOf } from '../status/testing/index.ts';
import { observedRecoveryChecks, recoveryReport } from './recovery.ts';

const failing = (o: ReturnType<typeof healthyObservations>) =>
  observedRecoveryChecks(o)
    .filter((check) => !check.ok)
    .map((check) => check.name);

test('a healthy cluster passes every observed check; recovered needs the others too', () => {
  const checks = observedRecoveryChecks(healthyObservations());
  assert.deepEqual(failing(healthyObservations()), []);
  assert.match(checks.find((c) => c.name === 'connectivity matrix')!.detail, /30\/30 pairs/);
  assert.equal(recoveryReport(checks).recovered, true);
  assert.equal(recoveryReport([...checks, { name: 'golden path', ok: false, detail: 'x' }]).recovered, false);
  assert.equal(recoveryReport([]).recovered, false);
});

test('an old leader not back as a replica, a component DOWN, a cut pair: each fails its check', () => {
  const o = cut(healthyObservations(), 'capsule', 'odyssey');
  o.postgres![0]!.running = false;
  serviceOf(o, 'nexus').components.redis = 'DOWN';
  assert.deepEqual(failing(o), ['engines', 'service components', 'connectivity matrix']);
});
