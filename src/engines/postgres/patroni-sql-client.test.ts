import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { DatabaseError } from 'pg';
import { UpstreamUnavailableError, WriteUnavailableError } from '../../kit/errors/index.ts';
import { loadServiceConfig } from '../../kit/config/index.ts';
import { systemClock } from '../../kit/time/index.ts';
import type { QueryResult, SqlExecutor } from '../sql/index.ts';
import type { MemberPool } from './member-pool.ts';
import type { MemberAddress } from './patroni-cluster.ts';
import { PatroniSqlClient, type RoutingEvent } from './patroni-sql-client.ts';
import { ConnectionLostError } from './postgres-failure.ts';
import { postgresOptionsFrom } from './postgres-options.ts';
import { STREAMING_REPLICAS_SQL } from './replication-state.ts';

const SECRET = 'pg-secret-for-tests';
const config = loadServiceConfig('plato', { BUTTERFLY_PROFILE: 'local', BUTTERFLY_PG_PASSWORD: SECRET });
const options = postgresOptionsFrom(config, { minResolveIntervalMs: 500, readYourWritesMs: 1000 });

const ADDRESS: Record<string, string> = { 'postgres-0': '127.0.3.1', 'postgres-1': '127.0.3.2' };

function sqlError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}
const readOnly = () => sqlError('25006', 'cannot execute INSERT in a read-only transaction');
const refused = (member: string) =>
  new ConnectionLostError('acquire', member, false, new Error('connect ECONNREFUSED'));
const lost = (member: string, phase: 'in-flight' | 'commit' = 'in-flight') =>
  new ConnectionLostError(phase, member, false, new Error('Connection terminated unexpectedly'));

/**
 * A two-member Patroni cluster in memory: who leads, which members are up, statements each
 * member ran, failures queued per member. Its pools are fakes of MemberPool.
 */
class FakeCluster {
  leader: string | null = 'postgres-0';
  members = ['postgres-0', 'postgres-1'];
  readonly stopped = new Set<string>();
  /** Questions to Patroni: each asks every member at once, so count one member's. */
  patroniAsked = 0;
  readonly ran: string[] = [];
  readonly events: RoutingEvent[] = [];
  readonly closedPools: string[] = [];
  /** Replicas the leader's pg_stat_replication does not list (cut off, yet `running` to Patroni). */
  readonly notStreaming = new Set<string>();
  readonly #failures = new Map<string, { error: Error; match: string }[]>();

  /** The next statement on `member` whose SQL contains `match` throws `error`. */
  failNext(member: string, error: Error, match = ''): void {
    const queue = this.#failures.get(member) ?? [];
    queue.push({ error, match });
    this.#failures.set(member, queue);
  }

  patroni(url: string): unknown {
    if (url.startsWith('http://127.0.3.1:')) this.patroniAsked += 1;
    return {
      members: this.members.map((name) => ({
        name,
        role: name === this.leader ? 'leader' : 'replica',
        state: this.stopped.has(name) ? 'stopped' : 'running',
        host: ADDRESS[name],
        port: 5432,
        ...(name === this.leader ? {} : { lag: 0 }),
      })),
    };
  }

  run(member: string, sql: string): QueryResult<{ member: string }> {
    // The router asks the leader whom it streams to whenever it resolves; not a statement of the test's.
    if (sql === STREAMING_REPLICAS_SQL)
      return this.streamingFrom(member) as unknown as QueryResult<{ member: string }>;
    const queue = this.#failures.get(member) ?? [];
    const index = queue.findIndex((failure) => sql.includes(failure.match));
    if (index >= 0) {
      const [failure] = queue.splice(index, 1);
      throw failure!.error;
    }
    this.ran.push(`${member}: ${sql}`);
    return { rows: [{ member }], affectedRows: 1 };
  }

  streamingFrom(member: string): QueryResult<{ application_name: string }> {
    const rows = this.members
      .filter((name) => name !== member && !this.stopped.has(name) && !this.notStreaming.has(name))
      .map((name) => ({ application_name: name }));
    return { rows, affectedRows: rows.length };
  }

  pool(member: MemberAddress): MemberPool {
    const name = member.name;
    return {
      member,
      query: async <Row>(sql: string) => this.run(name, sql) as QueryResult<Row>,
      exec: async (sql: string) => {
        this.run(name, sql);
      },
      transaction: async <T>(work: (tx: SqlExecutor) => Promise<T>) => {
        this.run(name, 'BEGIN');
        const result = await work({
          query: async <Row>(sql: string) => this.run(name, sql) as QueryResult<Row>,
          exec: async (sql: string) => {
            this.run(name, sql);
          },
        });
        this.run(name, 'COMMIT');
        return result;
      },
      close: async () => {
        this.closedPools.push(name);
      },
    };
  }

  async open(): Promise<PatroniSqlClient> {
    return PatroniSqlClient.open(options, {
      clock: systemClock,
      openPool: (member) => this.pool(member),
      fetchJson: async (url) => this.patroni(url),
      onEvent: (event) => this.events.push(event),
    });
  }
}

const whoAnswered = async (client: PatroniSqlClient) =>
  (await client.read<{ member: string }>('SELECT whoami')).rows[0]?.member;

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

test('25006 while Patroni still names the same leader: 503 WRITE_UNAVAILABLE at once, with Retry-After, no second attempt', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  t.mock.timers.tick(500);
  cluster.failNext('postgres-0', readOnly());
  await assert.rejects(client.query('INSERT x'), (error: unknown) => {
    assert.ok(error instanceof WriteUnavailableError);
    assert.equal(error.code, 'WRITE_UNAVAILABLE');
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

test('no leader (an election): writes fail fast with 503 while reads continue on the replica', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  t.mock.timers.tick(500);
  cluster.leader = null;
  cluster.stopped.add('postgres-0');
  cluster.failNext('postgres-0', refused('postgres-0'));
  await assert.rejects(client.query('INSERT x'), WriteUnavailableError);
  await assert.rejects(
    client.query('INSERT y'),
    /PostgreSQL cannot take writes for 'plato' now: Patroni reports no running leader/,
  );
  assert.equal(await whoAnswered(client), 'postgres-1');
  await client.close();
});

test('a read falls back to the leader when the replica fails, and is a 503 when neither answers', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  cluster.failNext('postgres-1', refused('postgres-1'));
  assert.equal(await whoAnswered(client), 'postgres-0');
  assert.deepEqual(
    cluster.events
      .filter((event) => event.type === 'read-fallback')
      .map((event) => event.type === 'read-fallback' && event.from),
    ['postgres-1'],
  );
  cluster.failNext('postgres-1', refused('postgres-1'));
  cluster.failNext('postgres-0', refused('postgres-0'));
  await assert.rejects(client.read('SELECT 1'), (error: unknown) => {
    assert.ok(error instanceof UpstreamUnavailableError);
    assert.equal(error.code, 'UPSTREAM_UNAVAILABLE');
    assert.match(error.message, /postgres unavailable: no PostgreSQL member answered the read/);
    return true;
  });
  await client.close();
});

test('pools of members no longer routed to are closed; open refuses without a leader or database', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  const client = await cluster.open();
  await client.read('SELECT warm-the-replica-pool');
  t.mock.timers.tick(500);
  cluster.members = ['postgres-0'];
  cluster.failNext('postgres-1', refused('postgres-1'));
  await client.read('SELECT after-the-replica-left');
  await client.refreshView();
  assert.deepEqual(cluster.closedPools, ['postgres-1']);
  await client.close();
  assert.deepEqual(cluster.closedPools.sort(), ['postgres-0', 'postgres-1']);
  await assert.rejects(client.query('SELECT 1'), /closed/);

  const leaderless = new FakeCluster();
  leaderless.leader = null;
  await assert.rejects(
    leaderless.open(),
    /cannot open PostgreSQL database 'plato': Patroni reports no running leader/,
  );
  const missing = new FakeCluster();
  missing.failNext(
    'postgres-0',
    new ConnectionLostError(
      'acquire',
      'postgres-0',
      false,
      sqlError('3D000', 'database "plato" does not exist'),
    ),
  );
  await assert.rejects(missing.open(), /database "plato" does not exist \(butterfly up creates a database/);
});

test('the password is never in the options as printed, in errors or in routing events', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  assert.equal(options.password(), SECRET);
  assert.ok(!inspect(options, { depth: 5 }).includes(SECRET));
  assert.ok(!JSON.stringify(options).includes(SECRET));
  const cluster = new FakeCluster();
  const client = await cluster.open();
  t.mock.timers.tick(500);
  cluster.failNext('postgres-0', readOnly());
  const error = await client.query('INSERT x').catch((caught: unknown) => caught);
  assert.ok(!inspect(error, { depth: 5 }).includes(SECRET));
  assert.ok(!inspect(cluster.events, { depth: 5 }).includes(SECRET));
  await client.close();
});

test('a replica Patroni calls running but the leader no longer streams to gets no reads, and does again once it streams', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const cluster = new FakeCluster();
  cluster.notStreaming.add('postgres-1');
  const client = await cluster.open();
  assert.equal(await whoAnswered(client), 'postgres-0', 'reads go to the leader');
  assert.equal(client.view?.replicas[0]?.streaming, false);
  cluster.notStreaming.delete('postgres-1');
  t.mock.timers.tick(options.minResolveIntervalMs);
  await client.refreshView();
  assert.equal(client.view?.replicas[0]?.streaming, true);
  assert.equal(await whoAnswered(client), 'postgres-1', 'streaming again: reads go to the replica');
  await client.close();
});
