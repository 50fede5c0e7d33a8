import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { types } from 'cassandra-driver';
import { queryOptionsOf } from '../../engines/cassandra/index.ts';
import type { StoredCapsule } from './capsule.ts';
import {
  CAPSULE_TABLES,
  capsuleOfRow,
  capsuleTimestamp,
  claimantOfRow,
  claimIdempotencyKey,
  countScope,
  insertCapsuleById,
  insertCapsuleByScope,
  selectCapsuleById,
  selectClaimant,
  selectScopeWindow,
} from './cassandra-capsule-statements.ts';

const capsule: StoredCapsule = {
  capsuleId: '00000000-0000-4000-8000-000000000001',
  header: {
    scope: { scopeId: 'rim:entity:finance:EURUSD' },
    time: { centerTsUtc: '2024-05-01T12:00:00.000Z', deltaTSeconds: 60, horizonSeconds: 3600 },
    vantage: { mode: 'OBSERVER', observerId: 'tester' },
  },
  configuration: { z: 1, a: 2 },
  dynamics: {},
  createdAt: '2024-06-01T00:00:00.123Z',
};
const row = (values: Record<string, unknown>) => ({ get: (column: string) => values[column] }) as types.Row;
const flat = (cql: string) => cql.replace(/\s+/g, ' ').trim();

test('three tables, every partition key led by the tenant; a scope clustered newest first', () => {
  assert.deepEqual(
    CAPSULE_TABLES.map((table) => table.name),
    ['capsules_by_scope', 'capsules_by_id', 'capsule_idempotency'],
  );
  for (const table of CAPSULE_TABLES) assert.match(flat(table.cql), /PRIMARY KEY \(\(tenant, /);
  assert.match(
    flat(CAPSULE_TABLES[0]!.cql),
    /PRIMARY KEY \(\(tenant, scope_id\), center_ts, created_at, capsule_id\) \) WITH CLUSTERING ORDER BY \(center_ts DESC, created_at DESC, capsule_id DESC\)/,
  );
});

test("a capsule's rows are idempotent writes stamped with its creation time in microseconds", () => {
  const stamp = capsuleTimestamp(capsule);
  assert.equal(stamp, Date.parse('2024-06-01T00:00:00.123Z') * 1000);
  const byId = insertCapsuleById('acme', capsule, stamp);
  assert.match(flat(byId.cql), /^INSERT INTO capsules_by_id .* USING TIMESTAMP \?$/);
  assert.deepEqual(byId.params, [
    'acme',
    capsule.capsuleId,
    'rim:entity:finance:EURUSD',
    new Date('2024-05-01T12:00:00.000Z'),
    new Date('2024-06-01T00:00:00.123Z'),
    JSON.stringify(capsule),
    stamp,
  ]);
  assert.equal(queryOptionsOf(byId).isIdempotent, true);
  const byScope = insertCapsuleByScope('acme', capsule, 42);
  assert.deepEqual(byScope.params.slice(0, 2), ['acme', 'rim:entity:finance:EURUSD']);
  assert.equal(byScope.params.at(-1), 42, 'a replay may pass its original timestamp');
  assert.equal(byScope.idempotent, true);
});

test('the claim is an LWT carrying the whole capsule; its settling read is serial', () => {
  const claim = claimIdempotencyKey('acme', { key: 'signal-1', requestFingerprint: 'f' }, capsule);
  assert.match(flat(claim.cql), /^INSERT INTO capsule_idempotency .* IF NOT EXISTS$/);
  assert.equal(claim.lwt, true);
  assert.equal(claim.idempotent, false);
  assert.deepEqual(claim.params, [
    'acme',
    'signal-1',
    'f',
    capsule.capsuleId,
    new Date(capsule.createdAt),
    JSON.stringify(capsule),
  ]);
  const read = selectClaimant('acme', 'signal-1');
  assert.equal(read.serialRead, true);
  assert.deepEqual(read.params, ['acme', 'signal-1']);
});

test('scope reads: one partition, inclusive bounds when given, LIMIT at the end of the window', () => {
  const open = selectScopeWindow('acme', { scopeId: 's', offset: 20, limit: 10 });
  assert.equal(open.cql, 'SELECT document FROM capsules_by_scope WHERE tenant = ? AND scope_id = ? LIMIT ?');
  assert.deepEqual(open.params, ['acme', 's', 30]);
  const ranged = selectScopeWindow('acme', { scopeId: 's', offset: 0, limit: 5, fromMs: 1000, toMs: 2000 });
  assert.match(ranged.cql, /AND center_ts >= \? AND center_ts <= \? LIMIT \?$/);
  assert.deepEqual(ranged.params, ['acme', 's', new Date(1000), new Date(2000), 5]);
  const upTo = countScope('acme', { scopeId: 's', offset: 0, limit: 5, toMs: 2000 });
  assert.equal(
    upTo.cql,
    'SELECT COUNT(*) AS count FROM capsules_by_scope WHERE tenant = ? AND scope_id = ? AND center_ts <= ?',
  );
  assert.deepEqual(upTo.params, ['acme', 's', new Date(2000)]);
  assert.deepEqual(selectCapsuleById('acme', 'c1').params, ['acme', 'c1']);
});

test('rows map back to the capsule exactly as written, key order included', () => {
  const read = capsuleOfRow(row({ document: JSON.stringify(capsule) }));
  assert.deepEqual(read, capsule);
  assert.deepEqual(Object.keys(read.configuration), ['z', 'a']);
  assert.deepEqual(claimantOfRow(row({ document: JSON.stringify(capsule), request_fingerprint: 'f1' })), {
    capsule,
    requestFingerprint: 'f1',
  });
  assert.throws(() => claimantOfRow(row({ document: JSON.stringify(capsule) })), /request_fingerprint/);
});
