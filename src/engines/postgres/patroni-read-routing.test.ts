import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { UpstreamUnavailableError, WriteUnavailableError } from '../../kit/errors/index.ts';
import { ConnectionLostError } from './postgres-failure.ts';
import {
  SECRET,
  options,
  sqlError,
  readOnly,
  refused,
  FakeCluster,
  whoAnswered,
} from '../../../test/fixtures/fake-patroni-cluster.ts';

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
    assert.equal(error.code, 'BFY_ERR_UPSTREAM_UNAVAILABLE');
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
