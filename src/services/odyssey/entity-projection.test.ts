import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { EntityProjection } from './entity-projection.ts';
import type { NewObservation, ObservationStore } from './observation-store.ts';

test('an announcement becomes an observation of the entity its scope names, stamped when received', async () => {
  const recorded: { tenant: string; observation: NewObservation }[] = [];
  const store = {
    record: async (tenant: string, observation: NewObservation) => (
      recorded.push({ tenant, observation }),
      { duplicate: false }
    ),
  };
  const clock = new ManualClock(Date.parse('2024-06-01T00:00:00Z'));
  const projection = new EntityProjection(store as unknown as ObservationStore, clock);
  const result = await projection.incorporate('a', {
    capsuleId: '3b241101-e2bb-4255-8caf-4136c566a962',
    scopeId: 'rim:entity:finance:EURUSD',
    centerTsUtc: '2024-05-01T14:00:00+02:00',
    createdAt: '2024-05-01T12:00:01Z',
    vantageMode: 'OBSERVER',
    observerId: 'perception-api',
  });
  assert.deepEqual(result, { duplicate: false });
  const [entry] = recorded;
  assert.equal(entry?.tenant, 'a');
  assert.match(entry?.observation.observationId ?? '', /^[0-9a-f-]{36}$/);
  assert.deepEqual(
    { ...entry?.observation, observationId: 'x' },
    {
      observationId: 'x',
      entityId: 'rim:entity:finance:EURUSD',
      capsuleId: '3b241101-e2bb-4255-8caf-4136c566a962',
      centerTsUtc: '2024-05-01T12:00:00.000Z',
      capsuleCreatedAt: '2024-05-01T12:00:01.000Z',
      observedAt: '2024-06-01T00:00:00.000Z',
      vantageMode: 'OBSERVER',
      observerId: 'perception-api',
    },
  );
});
