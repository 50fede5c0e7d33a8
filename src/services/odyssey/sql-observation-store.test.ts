import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PgliteClient } from '../../engines/embedded/index.ts';
import { migrate } from '../../engines/sql/index.ts';
import { ODYSSEY_MIGRATIONS } from './migrations.ts';
import type { NewObservation } from './observation-store.ts';
import { SqlObservationStore } from './sql-observation-store.ts';

let db: PgliteClient;
let store: SqlObservationStore;

before(async () => {
  db = await PgliteClient.open('memory://');
  await migrate(db, ODYSSEY_MIGRATIONS);
  store = new SqlObservationStore(db);
});

after(() => db.close());

let sequence = 0;
function observation(
  entityId: string,
  centerTsUtc: string,
  observedAt: string,
  capsuleCreatedAt = '2024-06-01T00:00:00.000Z',
): NewObservation {
  sequence += 1;
  const id = String(sequence).padStart(12, '0');
  return {
    observationId: `00000000-0000-4000-8000-${id}`,
    capsuleId: `10000000-0000-4000-8000-${id}`,
    entityId,
    centerTsUtc,
    capsuleCreatedAt,
    observedAt,
    vantageMode: 'OBSERVER',
    observerId: 'tester',
  };
}

test('a capsule is recorded once per tenant; a repeat is a duplicate', async () => {
  const first = observation('rim:store:dup', '2024-05-01T12:00:00.000Z', '2024-06-01T00:00:00.000Z');
  assert.deepEqual(await store.record('a', first), { duplicate: false });
  assert.deepEqual(
    await store.record('a', { ...first, observationId: '20000000-0000-4000-8000-000000000000' }),
    { duplicate: true },
  );
  assert.deepEqual(await store.record('b', first), { duplicate: false });
  const listed = await store.list('a', 'rim:store:dup', 0, 10);
  assert.equal(listed.total, 1);
  const expected: Partial<NewObservation> = { ...first };
  delete expected.capsuleCreatedAt;
  assert.deepEqual(listed.observations, [expected]);
});

test('observations list newest capsule first, paged, per tenant and entity', async () => {
  const entity = 'rim:store:list';
  const a = observation(entity, '2024-05-01T10:00:00.000Z', '2024-06-01T00:00:03.000Z');
  const b = observation(entity, '2024-05-01T12:00:00.000Z', '2024-06-01T00:00:01.000Z');
  const c = observation(
    entity,
    '2024-05-01T11:00:00.000Z',
    '2024-06-01T00:00:02.000Z',
    '2024-06-02T00:00:00.000Z',
  );
  const d = observation(
    entity,
    '2024-05-01T11:00:00.000Z',
    '2024-06-01T00:00:04.000Z',
    '2024-06-01T00:00:00.000Z',
  );
  for (const o of [a, b, c, d]) await store.record('a', o);
  await store.record('b', observation(entity, '2024-05-01T13:00:00.000Z', '2024-06-01T00:00:00.000Z'));
  const first = await store.list('a', entity, 0, 3);
  assert.equal(first.total, 4);
  assert.deepEqual(
    first.observations.map((o) => o.capsuleId),
    [b, c, d].map((o) => o.capsuleId),
  );
  const second = await store.list('a', entity, 3, 3);
  assert.deepEqual(
    second.observations.map((o) => o.capsuleId),
    [a.capsuleId],
  );
  assert.deepEqual(await store.list('a', 'rim:store:unknown', 0, 3), { observations: [], total: 0 });
});

test('the state counts observations, spans their receipt times and names the newest capsule', async () => {
  const entity = 'rim:store:state';
  const early = observation(entity, '2024-05-01T12:00:00.000Z', '2024-06-01T00:00:05.000Z');
  const late = observation(entity, '2024-05-01T09:00:00.000Z', '2024-06-01T00:00:09.000Z');
  await store.record('a', early);
  await store.record('a', late);
  assert.deepEqual(await store.state('a', entity), {
    entityId: entity,
    observationCount: 2,
    firstObservedAt: '2024-06-01T00:00:05.000Z',
    lastObservedAt: '2024-06-01T00:00:09.000Z',
    latestCapsuleId: early.capsuleId,
  });
  assert.equal(await store.state('b', entity), undefined);
  assert.equal(await store.state('a', 'rim:store:nothing'), undefined);
});
