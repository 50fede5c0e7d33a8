// The Cassandra stores against the running local engine tier (3 nodes, keyspace `butterfly`,
// RF 3): CAPSULE's CapsuleStore and SYNAPSE's action log, each against the contract its SQL twin
// meets, then CAPSULE and SYNAPSE built on the local profile and driven over HTTP. Every run uses
// its own tenants and recovery owner, so other runs on the same cluster never meet its rows.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureTables, readStatement, writeTimestampOf } from '../../../src/engines/cassandra/index.ts';
import type { StoredCapsule } from '../../../src/services/capsule/capsule.ts';
import {
  CAPSULE_TABLES,
  claimIdempotencyKey,
} from '../../../src/services/capsule/cassandra-capsule-statements.ts';
import { CassandraCapsuleStore } from '../../../src/services/capsule/cassandra-capsule-store.ts';
import { storedCapsules } from '../../fixtures/stored-capsules.ts';
import { run, tenantOf, session, useCassandraSession } from './cassandra-tier.ts';

useCassandraSession();

describe('the session', () => {
  test('sees three nodes up, and the tables exist in the keyspace with RF 3', async () => {
    const nodes = session.nodes();
    assert.deepEqual(
      nodes.map((node) => [node.address, node.up]),
      [
        ['127.0.2.1', true],
        ['127.0.2.2', true],
        ['127.0.2.3', true],
      ],
    );
    assert.equal(await session.schemaAgreed(), true);
    const keyspace = await session.execute(
      readStatement('SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?', ['butterfly']),
    );
    assert.equal(keyspace.first().get('replication').replication_factor, '3');
    // A second ensure finds every table and changes nothing.
    assert.deepEqual(await ensureTables(session, CAPSULE_TABLES), []);
  });
});

describe('CassandraCapsuleStore', () => {
  let store: CassandraCapsuleStore;
  before(() => {
    store = new CassandraCapsuleStore(session);
  });

  const capsule = storedCapsules(run);

  test('a saved capsule reads back exactly, and only for its tenant', async () => {
    const [a, b] = [tenantOf('caps-a'), tenantOf('caps-b')];
    const stored = capsule('rim:store:one', '2024-05-01T12:00:00.000Z');
    assert.deepEqual(await store.save(a, stored), { kind: 'created', capsule: stored });
    const read = (await store.find(a, stored.capsuleId)).capsule;
    assert.deepEqual(read, stored);
    assert.deepEqual(Object.keys(read?.configuration ?? {}), ['z', 'a']);
    assert.equal((await store.find(b, stored.capsuleId)).capsule, undefined);
    assert.equal((await store.find(a, 'no-such-capsule')).capsule, undefined);
  });

  test('a scope lists newest first by centerTsUtc, then createdAt, with offset, limit and total', async () => {
    const [a, b, c] = [tenantOf('order-a'), tenantOf('order-b'), tenantOf('order-c')];
    const scope = 'rim:store:order';
    const older = capsule(scope, '2024-05-01T10:00:00.000Z');
    const newest = capsule(scope, '2024-05-01T12:00:00.000Z', '2024-06-01T00:00:00.000Z');
    const sameCenterLaterWrite = capsule(scope, '2024-05-01T11:00:00.000Z', '2024-06-02T00:00:00.000Z');
    const sameCenterEarlierWrite = capsule(scope, '2024-05-01T11:00:00.000Z', '2024-06-01T00:00:00.000Z');
    for (const each of [older, sameCenterEarlierWrite, newest, sameCenterLaterWrite])
      await store.save(a, each);
    await store.save(b, capsule(scope, '2024-05-01T13:00:00.000Z'));
    await store.save(a, capsule('rim:store:other', '2024-05-01T13:00:00.000Z'));

    const all = await store.listScope(a, { scopeId: scope, offset: 0, limit: 10 });
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.capsules.map((each) => each.capsuleId),
      [newest, sameCenterLaterWrite, sameCenterEarlierWrite, older].map((each) => each.capsuleId),
    );
    const second = await store.listScope(a, { scopeId: scope, offset: 2, limit: 2 });
    assert.equal(second.total, 4);
    assert.deepEqual(
      second.capsules.map((each) => each.capsuleId),
      [sameCenterEarlierWrite, older].map((each) => each.capsuleId),
    );
    const pastTheEnd = await store.listScope(a, { scopeId: scope, offset: 4, limit: 2 });
    assert.deepEqual(pastTheEnd, { capsules: [], total: 4 });
    assert.deepEqual(await store.listScope(c, { scopeId: scope, offset: 0, limit: 10 }), {
      capsules: [],
      total: 0,
    });
  });

  test('paging walks a scope longer than one fetch without gaps or repeats', async () => {
    const tenant = tenantOf('paging');
    const scope = 'rim:store:paging';
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const saved: StoredCapsule[] = [];
    for (let index = 0; index < 30; index += 1) {
      saved.push(capsule(scope, new Date(start + index * 60_000).toISOString()));
    }
    await Promise.all(saved.map((each) => store.save(tenant, each)));
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const slice = await store.listScope(tenant, { scopeId: scope, offset, limit: 7 });
      assert.equal(slice.total, 30);
      seen.push(...slice.capsules.map((each) => each.capsuleId));
    }
    assert.deepEqual(seen, saved.map((each) => each.capsuleId).reverse());
  });

  test('a range is inclusive at both ends and either end may be open; total counts the range', async () => {
    const tenant = tenantOf('range');
    const scope = 'rim:store:range';
    const at = (hour: number) => `2024-05-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
    for (const hour of [8, 9, 10, 11, 12]) await store.save(tenant, capsule(scope, at(hour)));
    const hours = async (fromMs?: number, toMs?: number) => {
      const slice = await store.listScope(tenant, {
        scopeId: scope,
        offset: 0,
        limit: 10,
        ...(fromMs ? { fromMs } : {}),
        ...(toMs ? { toMs } : {}),
      });
      assert.equal(slice.total, slice.capsules.length);
      return slice.capsules.map((each) => new Date(each.header.time.centerTsUtc).getUTCHours());
    };
    assert.deepEqual(await hours(Date.parse(at(9)), Date.parse(at(11))), [11, 10, 9]);
    assert.deepEqual(await hours(Date.parse(at(11))), [12, 11]);
    assert.deepEqual(await hours(undefined, Date.parse(at(8))), [8]);
    assert.deepEqual(await hours(Date.parse(at(10)), Date.parse(at(10))), [10]);
  });

  test('a claimed key stores nothing and returns the claimant with its fingerprint; keys are per tenant', async () => {
    const [a, b] = [tenantOf('claims-a'), tenantOf('claims-b')];
    const first = capsule('rim:store:claims', '2024-05-01T12:00:00.000Z');
    const second = capsule('rim:store:claims', '2024-05-01T12:00:00.000Z');
    assert.equal((await store.save(a, first, { key: 'k', requestFingerprint: 'f1' })).kind, 'created');
    // The same request again: the claimant, with the same fingerprint (the writer answers 200).
    assert.deepEqual(await store.save(a, second, { key: 'k', requestFingerprint: 'f1' }), {
      kind: 'claimed',
      capsule: first,
      requestFingerprint: 'f1',
    });
    // Another request under the key: still the claimant, whose fingerprint differs (the writer answers 409).
    assert.deepEqual(await store.save(a, second, { key: 'k', requestFingerprint: 'f2' }), {
      kind: 'claimed',
      capsule: first,
      requestFingerprint: 'f1',
    });
    assert.equal((await store.find(a, second.capsuleId)).capsule, undefined);
    assert.equal((await store.listScope(a, { scopeId: 'rim:store:claims', offset: 0, limit: 10 })).total, 1);
    assert.equal((await store.save(b, second, { key: 'k', requestFingerprint: 'f2' })).kind, 'created');
  });

  test('concurrent saves under one key store exactly one capsule', async () => {
    const tenant = tenantOf('race');
    // Six contenders on one key: Paxos contention times some of them out; the serial read settles those.
    const contenders = Array.from({ length: 6 }, () => capsule('rim:store:race', '2024-05-01T12:00:00.000Z'));
    const outcomes = await Promise.all(
      contenders.map((each) => store.save(tenant, each, { key: 'raced', requestFingerprint: 'f' })),
    );
    const created = outcomes.filter((outcome) => outcome.kind === 'created');
    assert.equal(created.length, 1);
    const winner = created[0]!.capsule.capsuleId;
    for (const outcome of outcomes) assert.equal(outcome.capsule.capsuleId, winner);
    const listed = await store.listScope(tenant, { scopeId: 'rim:store:race', offset: 0, limit: 10 });
    assert.deepEqual(
      listed.capsules.map((each) => each.capsuleId),
      [winner],
    );
  });

  test('a replay finishes a claimant that died between its claim and its rows', async () => {
    const tenant = tenantOf('repair');
    const orphan = capsule('rim:store:repair', '2024-05-01T12:00:00.000Z');
    // The claim alone, as a crash right after the LWT leaves it.
    const claim = await session.execute(
      claimIdempotencyKey(tenant, { key: 'crashed', requestFingerprint: 'f' }, orphan),
    );
    assert.equal(claim.wasApplied(), true);
    assert.equal((await store.find(tenant, orphan.capsuleId)).capsule, undefined);
    const replay = await store.save(tenant, capsule('rim:store:repair', '2024-05-01T12:00:00.000Z'), {
      key: 'crashed',
      requestFingerprint: 'f',
    });
    assert.equal(replay.kind, 'claimed');
    assert.deepEqual((await store.find(tenant, orphan.capsuleId)).capsule, orphan);
    assert.equal(
      (await store.listScope(tenant, { scopeId: 'rim:store:repair', offset: 0, limit: 5 })).total,
      1,
    );
  });

  test('rows carry the capsule creation time as their write timestamp', async () => {
    const tenant = tenantOf('timestamp');
    const stored = capsule('rim:store:ts', '2024-05-01T12:00:00.000Z', '2024-06-03T04:05:06.789Z');
    await store.save(tenant, stored);
    const result = await session.execute(
      readStatement(
        'SELECT WRITETIME(document) AS written FROM capsules_by_id WHERE tenant = ? AND capsule_id = ?',
        [tenant, stored.capsuleId],
      ),
    );
    assert.equal(String(result.first().get('written')), String(writeTimestampOf('2024-06-03T04:05:06.789Z')));
  });
});
