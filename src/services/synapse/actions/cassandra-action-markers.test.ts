import { test } from 'node:test';
import assert from 'node:assert/strict';
import { types } from 'cassandra-driver';
import type { CassandraSession, CqlStatement } from '../../../engines/cassandra/index.ts';
import { ManualClock } from '../../../kit/time/testing/index.ts';
import { BUCKET_MS } from './cassandra-marker-statements.ts';
import { DEFAULT_SCAN_BUCKETS, RecoveryMarkers } from './cassandra-action-markers.ts';

const NOW_BUCKET = 480_000;

/** A session over an in-memory marker table and checkpoint, at a fixed hour. */
function fakeSession(markers: Record<number, string[]>, checkpoint?: number) {
  const read: number[] = [];
  const written: unknown[][] = [];
  const session = {
    clock: new ManualClock(NOW_BUCKET * BUCKET_MS + 1234),
    async execute(statement: CqlStatement) {
      const rows: types.Row[] = [];
      if (
        statement.cql.startsWith('SELECT bucket FROM synapse_recovery_checkpoints') &&
        checkpoint !== undefined
      ) {
        rows.push({ get: () => types.Long.fromNumber(checkpoint) } as unknown as types.Row);
      } else if (statement.cql.startsWith('SELECT tenant, action_id')) {
        const bucket = statement.params[1] as number;
        read.push(bucket);
        for (const actionId of markers[bucket] ?? []) {
          const values: Record<string, string> = { tenant: 'acme', action_id: actionId };
          rows.push({ get: (column: string) => values[column] } as types.Row);
        }
      } else if (statement.kind === 'write') {
        written.push([...statement.params]);
      }
      return { rows, first: () => rows[0] ?? null } as unknown as types.ResultSet;
    },
  } as unknown as CassandraSession;
  return { session, read, written };
}

test('without a checkpoint, a week of hours is scanned (plus one hour of slack)', async () => {
  const fake = fakeSession({ [NOW_BUCKET - 3]: ['old'], [NOW_BUCKET]: ['new'] });
  const found = await new RecoveryMarkers(fake.session, 'me').scan('running');
  assert.deepEqual(found, [
    { bucket: NOW_BUCKET - 3, tenant: 'acme', actionId: 'old' },
    { bucket: NOW_BUCKET, tenant: 'acme', actionId: 'new' },
  ]);
  assert.equal(fake.read.length, DEFAULT_SCAN_BUCKETS + 2);
  assert.equal(Math.min(...fake.read), NOW_BUCKET - DEFAULT_SCAN_BUCKETS);
  assert.equal(Math.max(...fake.read), NOW_BUCKET + 1);
});

test('with a checkpoint, the scan starts there, however old it is', async () => {
  const fake = fakeSession({ [NOW_BUCKET - 500]: ['ancient'] }, NOW_BUCKET - 500);
  const found = await new RecoveryMarkers(fake.session, 'me').scan('unqueued');
  assert.deepEqual(
    found.map((marker) => marker.actionId),
    ['ancient'],
  );
  assert.equal(fake.read.length, 502);
});

test('advancing writes the checkpoint for the owner and kind', async () => {
  const fake = fakeSession({});
  await new RecoveryMarkers(fake.session, 'me').advance('running', NOW_BUCKET);
  assert.deepEqual(fake.written, [['me', 'running', NOW_BUCKET, (NOW_BUCKET * BUCKET_MS + 1234) * 1000]]);
});
