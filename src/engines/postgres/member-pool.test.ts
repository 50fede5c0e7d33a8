import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseError } from 'pg';
import { systemClock } from '../../kit/time/index.ts';
import { PgMemberPool, type PgConnection, type PgPool } from './member-pool.ts';
import { ConnectionLostError, failureKind } from './postgres-failure.ts';

const member = { name: 'postgres-0', host: '127.0.3.1', port: 5432 };
const limits = { acquireTimeoutMs: 1000, queryTimeoutMs: 2000, closeTimeoutMs: 500 };

function sqlError(code: string): DatabaseError {
  const error = new DatabaseError(`sqlstate ${code}`, 10, 'error');
  error.code = code;
  return error;
}

/** A connection that answers by `answer(sql)` (a value, a thrown error, or a promise that never settles). */
function connection(answer: (sql: string) => unknown) {
  const state = { sent: [] as string[], released: [] as ('reused' | 'destroyed')[] };
  const conn: PgConnection = {
    query: async (sql) => {
      state.sent.push(sql);
      const rows = await answer(sql);
      return { rows: rows as unknown[], rowCount: 1 };
    },
    release: (destroy) => void state.released.push(destroy ? 'destroyed' : 'reused'),
  };
  return { conn, state };
}

function poolOf(
  connect: () => Promise<PgConnection>,
  end: () => Promise<void> = async () => undefined,
): PgPool {
  return { connect, end };
}

const never = () => new Promise<never>(() => undefined);

test('acquire is bounded by acquireTimeoutMs on the clock; a connection arriving later goes back to the pool', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  let arrive: (value: PgConnection) => void = () => undefined;
  const late = connection(() => []);
  const pool = new PgMemberPool(
    member,
    poolOf(() => new Promise((resolve) => (arrive = resolve))),
    limits,
    systemClock,
  );
  const answer = pool.query('SELECT 1', []);
  const checked = assert.rejects(answer, (error: unknown) => {
    assert.ok(error instanceof ConnectionLostError);
    assert.equal(error.phase, 'acquire');
    assert.equal(error.timedOut, true);
    assert.equal(failureKind(error), 'unreachable');
    assert.match(error.message, /postgres-0: a connection to postgres-0: no answer within 1000ms/);
    return true;
  });
  t.mock.timers.tick(999);
  await Promise.resolve();
  t.mock.timers.tick(1);
  await checked;
  arrive(late.conn);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(late.state.released, ['reused']);
  assert.deepEqual(late.state.sent, [], 'nothing was sent on it');
});

test('a refused connection is an acquire failure, not a timeout', async () => {
  const pool = new PgMemberPool(
    member,
    poolOf(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.3.1:5432'))),
    limits,
    systemClock,
  );
  await assert.rejects(pool.query('SELECT 1', []), (error: unknown) => {
    assert.ok(error instanceof ConnectionLostError);
    assert.equal(error.phase, 'acquire');
    assert.equal(error.timedOut, false);
    assert.match(error.message, /ECONNREFUSED/);
    return true;
  });
});

test('a statement is bounded by queryTimeoutMs; the connection it hung on is destroyed, never reused', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const hung = connection(never);
  const pool = new PgMemberPool(
    member,
    poolOf(async () => hung.conn),
    limits,
    systemClock,
  );
  const answer = pool.query('SELECT pg_sleep(60)', []);
  const checked = assert.rejects(answer, (error: unknown) => {
    assert.ok(error instanceof ConnectionLostError);
    assert.equal(failureKind(error), 'timeout');
    return true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  t.mock.timers.tick(2000);
  await checked;
  assert.deepEqual(hung.state.released, ['destroyed']);
});

test("a statement's own error keeps the connection; a dead session destroys it", async () => {
  const refused = connection(() => {
    throw sqlError('23505');
  });
  let pool = new PgMemberPool(
    member,
    poolOf(async () => refused.conn),
    limits,
    systemClock,
  );
  await assert.rejects(
    pool.query('INSERT', [1]),
    (error: unknown) => (error as DatabaseError).code === '23505',
  );
  assert.deepEqual(refused.state.released, ['reused']);

  for (const death of [
    new Error('Connection terminated unexpectedly'),
    sqlError('57P01'),
    sqlError('08006'),
  ]) {
    const dead = connection(() => {
      throw death;
    });
    pool = new PgMemberPool(
      member,
      poolOf(async () => dead.conn),
      limits,
      systemClock,
    );
    await assert.rejects(pool.query('INSERT', [1]), (error: unknown) => failureKind(error) === 'lost');
    assert.deepEqual(dead.state.released, ['destroyed']);
  }
  // A read-only refusal (25006) is the server's answer: the connection is fine.
  const replica = connection(() => {
    throw sqlError('25006');
  });
  pool = new PgMemberPool(
    member,
    poolOf(async () => replica.conn),
    limits,
    systemClock,
  );
  await assert.rejects(pool.query('INSERT', [1]), (error: unknown) => failureKind(error) === 'read-only');
  assert.deepEqual(replica.state.released, ['reused']);
});

test('a transaction: BEGIN, the work, COMMIT on one connection; the store’s error rolls back; a dying COMMIT is commit-unknown', async () => {
  const ok = connection(() => []);
  let pool = new PgMemberPool(
    member,
    poolOf(async () => ok.conn),
    limits,
    systemClock,
  );
  assert.equal(await pool.transaction(async (tx) => (await tx.query('UPDATE a', [1])).affectedRows), 1);
  assert.deepEqual(ok.state.sent, ['BEGIN', 'UPDATE a', 'COMMIT']);
  assert.deepEqual(ok.state.released, ['reused']);

  const rolled = connection(() => []);
  pool = new PgMemberPool(
    member,
    poolOf(async () => rolled.conn),
    limits,
    systemClock,
  );
  await assert.rejects(
    pool.transaction(async (tx) => {
      await tx.query('UPDATE a', [1]);
      throw new Error('the store changed its mind');
    }),
    /changed its mind/,
  );
  assert.deepEqual(rolled.state.sent, ['BEGIN', 'UPDATE a', 'ROLLBACK']);
  assert.deepEqual(rolled.state.released, ['reused']);

  const commitDies = connection((sql) => {
    if (sql === 'COMMIT') throw new Error('Connection terminated unexpectedly');
    return [];
  });
  pool = new PgMemberPool(
    member,
    poolOf(async () => commitDies.conn),
    limits,
    systemClock,
  );
  await assert.rejects(
    pool.transaction((tx) => tx.query('UPDATE a', [1])),
    (error: unknown) => {
      assert.equal(failureKind(error), 'commit-unknown');
      return true;
    },
  );
  assert.deepEqual(commitDies.state.released, ['destroyed']);

  const midDies = connection((sql) => {
    if (sql === 'UPDATE a') throw sqlError('57P01');
    return [];
  });
  pool = new PgMemberPool(
    member,
    poolOf(async () => midDies.conn),
    limits,
    systemClock,
  );
  await assert.rejects(
    pool.transaction((tx) => tx.query('UPDATE a', [1])),
    (error: unknown) => failureKind(error) === 'lost',
  );
  assert.deepEqual(midDies.state.sent, ['BEGIN', 'UPDATE a'], 'no ROLLBACK on a dead session');
});

test('close is bounded: a pool whose sockets hang does not hold up shutdown', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const pool = new PgMemberPool(member, poolOf(never, never), limits, systemClock);
  let closed = false;
  const closing = pool.close().then(() => (closed = true));
  t.mock.timers.tick(499);
  await Promise.resolve();
  assert.equal(closed, false);
  t.mock.timers.tick(1);
  await closing;
  assert.equal(closed, true);
});
