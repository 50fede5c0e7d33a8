import { test } from 'node:test';
import assert from 'node:assert/strict';
import { types } from 'cassandra-driver';
import { readStatement, type CqlStatement } from './cql-statement.ts';
import { countOf, readWindow, WINDOW_FETCH_SIZE } from './partition-window.ts';

function partition(size: number) {
  const fetched: number[] = [];
  let pulled = 0;
  return {
    fetched,
    pulled: () => pulled,
    session: {
      async *rows(_statement: CqlStatement, fetchSize: number) {
        fetched.push(fetchSize);
        for (let index = 0; index < size; index += 1) {
          pulled += 1;
          yield { get: () => index } as unknown as types.Row;
        }
      },
    },
  };
}

const statement = readStatement('SELECT document FROM t WHERE k = ? LIMIT ?', ['k', 0]);
const valueOf = (row: types.Row) => row.get('document') as number;

test('the window skips offset rows and stops after limit rows', async () => {
  const fake = partition(100);
  assert.deepEqual(
    await readWindow(fake.session, statement, { offset: 10, limit: 3 }, valueOf),
    [10, 11, 12],
  );
  assert.equal(fake.pulled(), 13, 'nothing past the window is read');
  assert.deepEqual(fake.fetched, [13]);
});

test('a window past the end is empty or short; fetches stay bounded', async () => {
  assert.deepEqual(await readWindow(partition(5).session, statement, { offset: 5, limit: 3 }, valueOf), []);
  assert.deepEqual(
    await readWindow(partition(5).session, statement, { offset: 3, limit: 3 }, valueOf),
    [3, 4],
  );
  const deep = partition(10);
  await readWindow(deep.session, statement, { offset: 5000, limit: 500 }, valueOf);
  assert.deepEqual(deep.fetched, [WINDOW_FETCH_SIZE]);
});

test('a count reads numbers and Longs, and nothing as zero', () => {
  const result = (count: unknown) =>
    ({ first: () => (count === undefined ? null : { get: () => count }) }) as unknown as types.ResultSet;
  assert.equal(countOf(result(types.Long.fromNumber(42))), 42);
  assert.equal(countOf(result(7)), 7);
  assert.equal(countOf(result(undefined)), 0);
});
