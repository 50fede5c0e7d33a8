import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PgliteClient } from '../../engines/embedded/index.ts';
import { migrate } from '../../engines/sql/index.ts';
import { CAPSULE_MIGRATIONS } from './migrations.ts';
import { SqlCapsuleStore } from './sql-capsule-store.ts';
import { storedCapsules } from '../../../test/fixtures/stored-capsules.ts';

let db: PgliteClient;
let store: SqlCapsuleStore;

before(async () => {
  db = await PgliteClient.open('memory://');
  await migrate(db, CAPSULE_MIGRATIONS);
  store = new SqlCapsuleStore(db);
});

after(() => db.close());

const capsule = storedCapsules();

test('a saved capsule reads back exactly, and only for its tenant', async () => {
  const stored = capsule('rim:store:one', '2024-05-01T12:00:00.000Z');
  assert.deepEqual(await store.save('a', stored), { kind: 'created', capsule: stored });
  const read = (await store.find('a', stored.capsuleId)).capsule;
  assert.deepEqual(read, stored);
  // Key order survives the round trip (the document is kept as written).
  assert.deepEqual(Object.keys(read?.configuration ?? {}), ['z', 'a']);
  assert.equal((await store.find('b', stored.capsuleId)).capsule, undefined);
  assert.equal((await store.find('a', 'no-such-capsule')).capsule, undefined);
});

test('a scope lists newest first by centerTsUtc, then createdAt, with offset, limit and total', async () => {
  const scope = 'rim:store:order';
  const older = capsule(scope, '2024-05-01T10:00:00.000Z');
  const newest = capsule(scope, '2024-05-01T12:00:00.000Z', '2024-06-01T00:00:00.000Z');
  const sameCenterLaterWrite = capsule(scope, '2024-05-01T11:00:00.000Z', '2024-06-02T00:00:00.000Z');
  const sameCenterEarlierWrite = capsule(scope, '2024-05-01T11:00:00.000Z', '2024-06-01T00:00:00.000Z');
  for (const c of [older, sameCenterEarlierWrite, newest, sameCenterLaterWrite]) await store.save('a', c);
  await store.save('b', capsule(scope, '2024-05-01T13:00:00.000Z'));
  await store.save('a', capsule('rim:store:other', '2024-05-01T13:00:00.000Z'));

  const all = await store.listScope('a', { scopeId: scope, offset: 0, limit: 10 });
  assert.equal(all.total, 4);
  assert.deepEqual(
    all.capsules.map((c) => c.capsuleId),
    [newest, sameCenterLaterWrite, sameCenterEarlierWrite, older].map((c) => c.capsuleId),
  );
  const second = await store.listScope('a', { scopeId: scope, offset: 2, limit: 2 });
  assert.equal(second.total, 4);
  assert.deepEqual(
    second.capsules.map((c) => c.capsuleId),
    [sameCenterEarlierWrite, older].map((c) => c.capsuleId),
  );
  assert.deepEqual(await store.listScope('c', { scopeId: scope, offset: 0, limit: 10 }), {
    capsules: [],
    total: 0,
  });
});

test('a range is inclusive at both ends and either end may be open', async () => {
  const scope = 'rim:store:range';
  const at = (hour: number) => `2024-05-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
  for (const hour of [8, 9, 10, 11, 12]) await store.save('a', capsule(scope, at(hour)));
  const hours = async (fromMs?: number, toMs?: number) => {
    const slice = await store.listScope('a', {
      scopeId: scope,
      offset: 0,
      limit: 10,
      ...(fromMs ? { fromMs } : {}),
      ...(toMs ? { toMs } : {}),
    });
    return slice.capsules.map((c) => new Date(c.header.time.centerTsUtc).getUTCHours());
  };
  assert.deepEqual(await hours(Date.parse(at(9)), Date.parse(at(11))), [11, 10, 9]);
  assert.deepEqual(await hours(Date.parse(at(11))), [12, 11]);
  assert.deepEqual(await hours(undefined, Date.parse(at(8))), [8]);
  assert.deepEqual(await hours(Date.parse(at(10)), Date.parse(at(10))), [10]);
});

test('a claimed key stores nothing and returns the claimant with its fingerprint', async () => {
  const first = capsule('rim:store:claims', '2024-05-01T12:00:00.000Z');
  const second = capsule('rim:store:claims', '2024-05-01T12:00:00.000Z');
  assert.equal((await store.save('a', first, { key: 'k', requestFingerprint: 'f1' })).kind, 'created');
  assert.deepEqual(await store.save('a', second, { key: 'k', requestFingerprint: 'f2' }), {
    kind: 'claimed',
    capsule: first,
    requestFingerprint: 'f1',
  });
  assert.equal((await store.find('a', second.capsuleId)).capsule, undefined);
  // Another tenant's key of the same name is its own.
  assert.equal((await store.save('b', second, { key: 'k', requestFingerprint: 'f2' })).kind, 'created');
});
