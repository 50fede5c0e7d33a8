import { test } from 'node:test';
import assert from 'node:assert/strict';
import { types } from 'cassandra-driver';
import { queryOptionsOf } from './cassandra-session.ts';
import {
  idempotentWrite,
  lightweightTransaction,
  readStatement,
  serialReadStatement,
  supersedingTimestamp,
  writeTimestampOf,
} from './cql-statement.ts';

test('reads are idempotent at LOCAL_QUORUM; serial reads at LOCAL_SERIAL', () => {
  const read = readStatement('SELECT x FROM t WHERE k = ?', ['k']);
  assert.deepEqual(queryOptionsOf(read), {
    prepare: true,
    isIdempotent: true,
    consistency: types.consistencies.localQuorum,
  });
  assert.equal(
    queryOptionsOf(serialReadStatement('SELECT x FROM t WHERE k = ?', ['k'])).consistency,
    types.consistencies.localSerial,
  );
});

test('an idempotent write must carry its own timestamp, and may then be retried', () => {
  assert.throws(() => idempotentWrite('INSERT INTO t (k) VALUES (?)', ['k']), /USING TIMESTAMP/);
  const write = idempotentWrite('INSERT INTO t (k) VALUES (?) USING TIMESTAMP ?', ['k', 1]);
  assert.equal(write.kind, 'write');
  assert.equal(queryOptionsOf(write).isIdempotent, true);
  assert.equal(idempotentWrite('DELETE FROM t USING TIMESTAMP ? WHERE k = ?', [1, 'k']).idempotent, true);
});

test('a lightweight transaction needs a condition, is never idempotent, and runs Paxos at LOCAL_SERIAL', () => {
  assert.throws(() => lightweightTransaction('INSERT INTO t (k) VALUES (?)', ['k']), /IF condition/);
  const lwt = lightweightTransaction('INSERT INTO t (k) VALUES (?) IF NOT EXISTS', ['k']);
  assert.deepEqual(queryOptionsOf(lwt), {
    prepare: true,
    isIdempotent: false,
    consistency: types.consistencies.localQuorum,
    serialConsistency: types.consistencies.localSerial,
  });
});

test('paging and timeout options pass through', () => {
  const options = queryOptionsOf(readStatement('SELECT x FROM t', []), {
    fetchSize: 10,
    pageState: 'abc',
    readTimeoutMs: 700,
  });
  assert.equal(options.fetchSize, 10);
  assert.equal(options.pageState, 'abc');
  assert.equal(options.readTimeout, 700);
});

test('write timestamps are microseconds of the instant; a superseding one is always later', () => {
  assert.equal(writeTimestampOf('2024-06-03T04:05:06.789Z'), Date.parse('2024-06-03T04:05:06.789Z') * 1000);
  assert.equal(writeTimestampOf(1_000), 1_000_000);
  assert.throws(() => writeTimestampOf('not a date'), /not an instant/);
  assert.equal(supersedingTimestamp(10, 50), 50);
  assert.equal(supersedingTimestamp(10, 5), 11, 'a clock that stepped back still supersedes');
});
