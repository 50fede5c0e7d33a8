import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { compareServices, serviceDisagreements } from './service-counts.ts';

const scopes = [
  { tenant: 't', scopeId: 'rim:test:a' },
  { tenant: 't', scopeId: 'rim:test:b' },
];

test('a late announcement is waited for: ODYSSEY catches up on the third ask', async () => {
  let asks = 0;
  const clock = new ManualClock(0);
  const rows = await clock.until(
    compareServices(scopes, {
      clock,
      countOf: async (service, _tenant, scopeId) => {
        if (service === 'capsule') return 3;
        if (scopeId === 'rim:test:b') asks += 1;
        return scopeId === 'rim:test:b' && asks < 3 ? 2 : 3;
      },
    }),
  );
  assert.deepEqual(serviceDisagreements(rows), []);
  assert.equal(asks, 3);
});

test('a count that never matches (or a service that never answers) is a disagreement after the patience', async () => {
  const clock = new ManualClock(0);
  const rows = await clock.until(
    compareServices(scopes, {
      clock,
      patienceMs: 10_000,
      countOf: async (service, _tenant, scopeId) =>
        service === 'capsule' ? 3 : scopeId === 'rim:test:a' ? 2 : undefined,
    }),
  );
  assert.deepEqual(
    serviceDisagreements(rows).map((row) => [row.scopeId, row.capsule, row.odyssey]),
    [
      ['rim:test:a', 3, 2],
      ['rim:test:b', 3, undefined],
    ],
  );
  assert.ok(clock.now() >= 10_000);
});
