import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type DatabaseError } from 'pg';
import { WriteUnavailableError } from '../../kit/errors/index.ts';
import { ConnectionLostError } from './postgres-failure.ts';
import {
  options,
  sqlError,
  readOnly,
  refused,
  lost,
  FakeCluster,
  whoAnswered,
} from '../../../test/fixtures/fake-patroni-cluster.ts';

test('writes go to the leader and reads to the replica — except right after a write, until the window passes', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  assert.equal(await whoAnswered(client), 'postgres-1', 'no write yet: the replica');
  await client.query('INSERT one');
  await client.transaction(async (tx) => tx.query('UPDATE two'));
  assert.deepEqual(cluster.ran.slice(-4), [
    'postgres-0: INSERT one',
    'postgres-0: BEGIN',
    'postgres-0: UPDATE two',
    'postgres-0: COMMIT',
  ]);
  assert.equal(await whoAnswered(client), 'postgres-0', 'read-your-writes: the leader');
  t.mock.timers.tick(999);
  assert.equal(await whoAnswered(client), 'postgres-0');
  t.mock.timers.tick(1);
  assert.equal(await whoAnswered(client), 'postgres-1', 'the window passed: the replica again');
  await client.close();
});

test('a write that lands on a replica after a failover (25006) asks Patroni again and is retried once on the new leader', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  t.mock.timers.tick(500);
  cluster.leader = 'postgres-1';
  cluster.failNext('postgres-0', readOnly());
  const result = await client.query<{ member: string }>('INSERT x');
  assert.equal(result.rows[0]?.member, 'postgres-1');
  assert.equal(cluster.patroniAsked, 2);
  assert.deepEqual(
    cluster.events.filter((event) => event.type !== 'leader-changed'),
    [{ type: 'write-retried', member: 'postgres-0', reason: 'read-only' }],
  );
  assert.ok(cluster.events.some((event) => event.type === 'leader-changed' && event.to === 'postgres-1'));
  // The same for a transaction refused at its first write: it runs again, whole, on the new leader.
  t.mock.timers.tick(500);
  cluster.leader = 'postgres-0';
  cluster.failNext('postgres-1', readOnly(), 'UPDATE');
  await client.transaction(async (tx) => {
    await tx.query('SELECT before');
    await tx.query('UPDATE y');
  });
  assert.deepEqual(cluster.ran.slice(-4), [
    'postgres-0: BEGIN',
    'postgres-0: SELECT before',
    'postgres-0: UPDATE y',
    'postgres-0: COMMIT',
  ]);
  await client.close();
});

test('25006 while Patroni still names the same leader: 503 BFY_ERR_WRITE_UNAVAILABLE at once, with Retry-After, no second attempt', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  t.mock.timers.tick(500);
  cluster.failNext('postgres-0', readOnly());
  await assert.rejects(client.query('INSERT x'), (error: unknown) => {
    assert.ok(error instanceof WriteUnavailableError);
    assert.equal(error.code, 'BFY_ERR_WRITE_UNAVAILABLE');
    assert.equal(error.retryAfterSeconds, options.writeRetryAfterSeconds);
    assert.match(error.message, /the PostgreSQL leader postgres-0 cannot take writes for 'plato' now/);
    assert.equal((error.cause as DatabaseError).code, '25006');
    return true;
  });
  assert.equal(cluster.ran.filter((line) => line.includes('INSERT')).length, 0);
  await client.close();
});

test('a burst of failing writes asks Patroni at most once per interval', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  assert.equal(cluster.patroniAsked, 1);
  for (let i = 0; i < 5; i += 1) cluster.failNext('postgres-0', readOnly());
  const burst = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => client.query(`INSERT ${n}`)));
  assert.ok(burst.every((outcome) => outcome.status === 'rejected'));
  assert.equal(cluster.patroniAsked, 1, 'asked at open, moments ago: no new question');
  t.mock.timers.tick(500);
  cluster.failNext('postgres-0', readOnly());
  cluster.failNext('postgres-0', readOnly());
  await Promise.allSettled([client.query('INSERT 6'), client.query('INSERT 7')]);
  assert.equal(cluster.patroniAsked, 2, 'one question for both, once the interval passed');
  await client.close();
});

test('retries only what cannot apply twice: nothing sent, or a transaction that died before COMMIT', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();

  // Unreachable leader, Patroni names another: retried there.
  t.mock.timers.tick(500);
  cluster.leader = 'postgres-1';
  cluster.failNext('postgres-0', refused('postgres-0'));
  assert.equal((await client.query<{ member: string }>('INSERT a')).rows[0]?.member, 'postgres-1');

  // Unreachable leader and Patroni has nobody else yet: fail fast.
  t.mock.timers.tick(500);
  cluster.failNext('postgres-1', refused('postgres-1'));
  await assert.rejects(client.query('INSERT b'), WriteUnavailableError);

  // An auto-committed statement whose connection died may have committed: surfaced, not retried.
  t.mock.timers.tick(500);
  cluster.failNext('postgres-1', lost('postgres-1'));
  await assert.rejects(client.query('INSERT c'), WriteUnavailableError);
  assert.ok(!cluster.ran.includes('postgres-1: INSERT c'));

  // A transaction whose connection died before COMMIT committed nothing: run again on a fresh connection.
  t.mock.timers.tick(500);
  cluster.failNext('postgres-1', lost('postgres-1'), 'UPDATE d');
  await client.transaction((tx) => tx.query('UPDATE d'));
  assert.deepEqual(cluster.ran.slice(-3), [
    'postgres-1: BEGIN',
    'postgres-1: UPDATE d',
    'postgres-1: COMMIT',
  ]);

  // Lost while COMMIT was in flight: it may have committed, so it is not run again.
  t.mock.timers.tick(500);
  cluster.failNext('postgres-1', lost('postgres-1', 'commit'), 'COMMIT');
  await assert.rejects(
    client.transaction((tx) => tx.query('UPDATE e')),
    WriteUnavailableError,
  );
  assert.equal(cluster.ran.filter((line) => line.endsWith('UPDATE e')).length, 1);

  // A statement past the query timeout is not retried either.
  t.mock.timers.tick(500);
  cluster.failNext(
    'postgres-1',
    new ConnectionLostError('in-flight', 'postgres-1', true, new Error('2000ms')),
  );
  await assert.rejects(client.query('INSERT f'), WriteUnavailableError);
  await client.close();
});

test("a statement's own error is surfaced as it is: no retry, no question to Patroni", async () => {
  const cluster = new FakeCluster();
  const client = await cluster.open();
  cluster.failNext('postgres-0', sqlError('23505', 'duplicate key value violates unique constraint'));
  await assert.rejects(
    client.query('INSERT dup'),
    (error: unknown) => (error as DatabaseError).code === '23505',
  );
  cluster.failNext('postgres-1', sqlError('42P01', 'relation "nope" does not exist'));
  await assert.rejects(
    client.read('SELECT nope'),
    (error: unknown) => (error as DatabaseError).code === '42P01',
  );
  assert.equal(cluster.patroniAsked, 1);
  assert.ok(!cluster.ran.some((line) => line.includes('nope')), 'the read was not tried on the leader');
  await client.close();
});
