// PostgreSQL through Patroni, against the running local engine tier (postgres-0/1 under Patroni,
// one leader and one streaming replica): the router's routing, retry on a real 25006 and
// migrations under the advisory lock; then PERCEPTION, ODYSSEY and PLATO built on the local
// profile and driven over HTTP, and their `db` health. Every run uses its own tenants and
// scratch database, so other runs on the same cluster never meet its rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PgMemberPool } from '../../../src/engines/postgres/member-pool.ts';
import { failureKind } from '../../../src/engines/postgres/postgres-failure.ts';
import {
  PatroniSqlClient,
  postgresOptionsFrom,
  type RoutingEvent,
} from '../../../src/engines/postgres/index.ts';
import { migrate, type Migration } from '../../../src/engines/sql/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { PLATO_MIGRATIONS } from '../../../src/services/plato/migrations.ts';
import { eventually } from '../../harness/platform.ts';
import { run, tenantOf, configOf, routerOn, type Answerer, WHO, usePostgresTier } from './postgres-tier.ts';

usePostgresTier();

describe('the router on the Patroni cluster', () => {
  let plato: PatroniSqlClient;
  before(async () => {
    // No skip when the tier is down: opening fails and so does every test here.
    // A zero read-your-writes window sends every read to the replica, so the test can see it there.
    plato = await routerOn('plato', { readYourWritesMs: 0 });
    await migrate(plato, PLATO_MIGRATIONS);
  });
  after(async () => {
    await plato?.query('DELETE FROM policies WHERE tenant LIKE $1', [`postgres-test-${run}-%`]);
    await plato?.close();
  });

  test('Patroni names a running leader and a readable replica, each on its own address', () => {
    const view = plato.view!;
    assert.ok(view.leader, 'a leader');
    assert.match(view.leader.name, /^postgres-[01]$/);
    assert.equal(view.replicas.length, 1);
    const [replica] = view.replicas;
    assert.notEqual(replica!.name, view.leader.name);
    assert.equal(replica!.readable, true, `replica ${JSON.stringify(replica)}`);
    assert.notEqual(replica!.host, view.leader.host);
  });

  test('a write goes to the leader and reads back through the read path from the replica', async () => {
    const { leader, replicas } = plato.view!;
    const tenant = tenantOf('routing');
    const written = await plato.query<Answerer>(
      `INSERT INTO policies (tenant, id, namespace, name, policy_type, rules, scope, created_at)
       VALUES ($1, 'p1', 'ns', 'routing', 'RISK', '[]', '{}', now()) RETURNING ${WHO}`,
      [tenant],
    );
    assert.deepEqual(written.rows[0], { on_replica: false, address: leader!.host });
    // Asynchronous replication: the replica has it a moment later.
    const read = await eventually(
      async () => {
        const { rows } = await plato.read<Answerer & { id: string }>(
          `SELECT id, ${WHO} FROM policies WHERE tenant = $1`,
          [tenant],
        );
        return rows[0];
      },
      5000,
      'the row on the replica',
    );
    assert.deepEqual(read, { id: 'p1', on_replica: true, address: replicas[0]!.host });
  });

  test('read-your-writes: right after a write this client reads from the leader', async () => {
    const client = await routerOn('plato');
    try {
      const tenant = tenantOf('ryw');
      await client.query(
        `INSERT INTO policies (tenant, id, namespace, name, policy_type, rules, scope, created_at)
         VALUES ($1, 'p1', 'ns', 'ryw', 'RISK', '[]', '{}', now())`,
        [tenant],
      );
      const { rows } = await client.read<Answerer & { id: string }>(
        `SELECT id, ${WHO} FROM policies WHERE tenant = $1`,
        [tenant],
      );
      assert.deepEqual(rows, [{ id: 'p1', on_replica: false, address: client.view!.leader!.host }]);
    } finally {
      await client.close();
    }
  });

  test('the replica refuses a write with SQLSTATE 25006, which the router reads as a failover', async () => {
    const replica = plato.view!.replicas[0]!;
    const pool = PgMemberPool.open(
      replica,
      postgresOptionsFrom(configOf('plato')),
      systemClock,
      () => undefined,
    );
    try {
      const refused = await pool
        .query(
          "INSERT INTO policies (tenant, id, namespace, name, policy_type, rules, scope, created_at) VALUES ('x', 'x', 'x', 'x', 'x', '[]', '{}', now())",
          [],
        )
        .catch((error: unknown) => error);
      assert.equal(failureKind(refused), 'read-only', String(refused));
    } finally {
      await pool.close();
    }
  });

  test('a write sent to a member that is no longer the leader is retried once on the real leader', async () => {
    // Patroni "answers" first with the roles swapped — what a client sees right after a
    // failover — then with the truth: the first write lands on the replica, gets 25006 there,
    // the router asks again and the retry reaches the leader.
    const truth = plato.view!;
    const swapped = {
      members: [
        {
          name: truth.replicas[0]!.name,
          role: 'leader',
          state: 'running',
          host: truth.replicas[0]!.host,
          port: 5432,
        },
        {
          name: truth.leader!.name,
          role: 'replica',
          state: 'running',
          host: truth.leader!.host,
          port: 5432,
          lag: 0,
        },
      ],
    };
    let answers = 0;
    const events: RoutingEvent[] = [];
    const client = await PatroniSqlClient.open(
      postgresOptionsFrom(configOf('plato'), { minResolveIntervalMs: 0 }),
      {
        clock: systemClock,
        onEvent: (event) => events.push(event),
        fetchJson: async (url, signal) => {
          answers += 1;
          if (answers <= 2) return swapped; // both members asked at open
          const response = await fetch(url, { signal });
          return response.json();
        },
      },
    );
    try {
      assert.equal(client.view!.leader!.name, truth.replicas[0]!.name, 'the stale view');
      const { rows } = await client.query<Answerer>(
        `INSERT INTO policies (tenant, id, namespace, name, policy_type, rules, scope, created_at)
         VALUES ($1, 'p1', 'ns', 'retry', 'RISK', '[]', '{}', now()) RETURNING ${WHO}`,
        [tenantOf('retry')],
      );
      assert.deepEqual(rows[0], { on_replica: false, address: truth.leader!.host });
      assert.ok(
        events.some((event) => event.type === 'write-retried' && event.reason === 'read-only'),
        JSON.stringify(events),
      );
      assert.equal(client.view!.leader!.name, truth.leader!.name, 'the view is the truth now');
    } finally {
      await client.close();
    }
  });

  test('migrations on a fresh database: concurrent runs apply each exactly once, under the advisory lock', async () => {
    const scratch = `bfy_migrate_${run.replace(/-/g, '_')}`;
    await plato.query(`CREATE DATABASE ${scratch}`);
    const open = () => routerOn('plato', { database: scratch });
    const [a, b] = await Promise.all([open(), open()]);
    try {
      const migrations: Migration[] = [
        { id: 1, name: 'one', sql: 'CREATE TABLE one (id int PRIMARY KEY)' },
        { id: 2, name: 'two', sql: 'CREATE TABLE two (id int PRIMARY KEY); CREATE INDEX two_id ON two (id)' },
        { id: 3, name: 'three', sql: 'ALTER TABLE one ADD COLUMN note text' },
      ];
      const applied = await Promise.all([migrate(a, migrations), migrate(b, migrations)]);
      assert.equal(applied[0] + applied[1], 3, `applied ${applied.join(' + ')}`);
      const { rows } = await a.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
      assert.deepEqual(
        rows.map((row) => row.id),
        [1, 2, 3],
      );
      assert.equal(await migrate(a, migrations), 0, 'a second run finds nothing to do');
    } finally {
      await Promise.all([a.close(), b.close()]);
      await plato.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    }
  });
});
