// PostgreSQL through Patroni, against the running local engine tier (postgres-0/1 under Patroni,
// one leader and one streaming replica): the router's routing, retry on a real 25006 and
// migrations under the advisory lock; then PERCEPTION, ODYSSEY and PLATO built on the local
// profile and driven over HTTP, and their `db` health. Every run uses its own tenants and
// scratch database, so other runs on the same cluster never meet its rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgMemberPool } from '../../../src/engines/postgres/member-pool.ts';
import { failureKind } from '../../../src/engines/postgres/postgres-failure.ts';
import {
  PatroniSqlClient,
  postgresOptionsFrom,
  type RouterOverrides,
  type RoutingEvent,
} from '../../../src/engines/postgres/index.ts';
import { migrate, type Migration } from '../../../src/engines/sql/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import type { ServiceName } from '../../../src/kit/platform/index.ts';
import { buildService, type BuiltService } from '../../../src/host/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { odysseyService } from '../../../src/services/odyssey/index.ts';
import { ODYSSEY_MIGRATIONS } from '../../../src/services/odyssey/migrations.ts';
import { perceptionService } from '../../../src/services/perception/index.ts';
import { perceptionMigrations } from '../../../src/services/perception/migrations.ts';
import { platoService } from '../../../src/services/plato/index.ts';
import { PLATO_MIGRATIONS } from '../../../src/services/plato/migrations.ts';
import { eventually } from '../../harness/platform.ts';

const run = randomUUID().slice(0, 8);
/** A tenant of this run only. */
const tenantOf = (name: string) => `postgres-test-${run}-${name}`;

const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-postgres-test-'));
// Peers are absent (the discard port refuses at once): outboxes just queue.
const env = {
  BUTTERFLY_PROFILE: 'local',
  BUTTERFLY_STATE_DIR: stateDir,
  BUTTERFLY_LOG_LEVEL: 'silent',
  BUTTERFLY_CAPSULE_URL: 'http://127.0.0.1:9',
  BUTTERFLY_SYNAPSE_URL: 'http://127.0.0.1:9',
  BUTTERFLY_ODYSSEY_URL: 'http://127.0.0.1:9',
  BUTTERFLY_PERCEPTION_URL: 'http://127.0.0.1:9',
  BUTTERFLY_PLATO_URL: 'http://127.0.0.1:9',
};
const configOf = (service: ServiceName) => loadServiceConfig(service, env);

/** A router on `database` (a service's, or a scratch one), with overrides for the test at hand. */
async function routerOn(
  service: ServiceName,
  overrides: RouterOverrides = {},
  events: RoutingEvent[] = [],
): Promise<PatroniSqlClient> {
  return PatroniSqlClient.open(postgresOptionsFrom(configOf(service), overrides), {
    clock: systemClock,
    onEvent: (event) => events.push(event),
  });
}

interface Answerer {
  on_replica: boolean;
  address: string;
}
const WHO = 'pg_is_in_recovery() AS on_replica, host(inet_server_addr()) AS address';

after(() => rmSync(stateDir, { recursive: true, force: true }));

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

describe('PERCEPTION, ODYSSEY and PLATO on the local profile', () => {
  const built = new Map<ServiceName, BuiltService>();
  const inject = async (
    service: ServiceName,
    method: 'GET' | 'POST',
    url: string,
    tenant: string,
    payload?: unknown,
  ): Promise<{ status: number; body: any }> => {
    const response = await built.get(service)!.app.inject({
      method,
      url,
      headers: { 'x-tenant-id': tenant },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json() };
  };

  before(async () => {
    for (const [name, definition] of [
      ['perception', perceptionService],
      ['odyssey', odysseyService],
      ['plato', platoService],
    ] as const)
      built.set(name, await buildService(definition, configOf(name)));
  });

  after(async () => {
    for (const service of built.values()) await service.app.close();
    // This run's rows, from each service's database.
    const tables: [ServiceName, string[]][] = [
      ['perception', ['signals', 'node_states', 'outcomes']],
      ['odyssey', ['observations']],
      ['plato', ['plan_steps', 'plans', 'policies']],
    ];
    for (const [service, names] of tables) {
      const client = await routerOn(service);
      for (const table of names)
        await client.query(`DELETE FROM ${table} WHERE tenant LIKE $1`, [`postgres-test-${run}-%`]);
      await client.close();
    }
  });

  test('each database holds its service’s migrations', async () => {
    for (const [service, migrations] of [
      ['perception', perceptionMigrations],
      ['odyssey', ODYSSEY_MIGRATIONS],
      ['plato', PLATO_MIGRATIONS],
    ] as const) {
      const client = await routerOn(service);
      try {
        const { rows } = await client.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
        assert.deepEqual(
          rows.map((row) => row.id),
          migrations.map((migration) => migration.id),
          service,
        );
      } finally {
        await client.close();
      }
    }
  });

  test('PLATO: a new policy applies to the next evaluation; plans page; another tenant sees none of it', async () => {
    const tenant = tenantOf('plato');
    const created = await inject('plato', 'POST', '/api/v1/policies', tenant, {
      namespace: 'risk',
      name: 'big-trades',
      policyType: 'RISK',
      rules: [
        {
          ruleId: 'big',
          condition: 'action.type == "TRADE" && action.parameters.amount > 1000',
          action: 'REQUIRE_APPROVAL',
        },
      ],
      scope: { actionTypes: ['TRADE'], rimNodePattern: 'rim:entity:finance:*' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const evaluation = (amount: number) => ({
      rimNodeId: 'rim:entity:finance:EURUSD',
      action: { type: 'TRADE', parameters: { amount } },
      context: { env: 'prod' },
    });
    const big = await inject('plato', 'POST', '/api/v1/governance/evaluate', tenant, evaluation(5000));
    assert.equal(big.status, 200);
    assert.equal(big.body.decision, 'REQUIRE_APPROVAL');
    assert.deepEqual(big.body.triggeredPolicies, [
      { policyId: created.body.id, name: 'big-trades', ruleId: 'big', action: 'REQUIRE_APPROVAL' },
    ]);
    assert.equal(
      (await inject('plato', 'POST', '/api/v1/governance/evaluate', tenant, evaluation(10))).body.decision,
      'APPROVE',
    );
    assert.equal((await inject('plato', 'GET', `/api/v1/policies/${created.body.id}`, tenant)).status, 200);
    assert.equal(
      (await inject('plato', 'GET', `/api/v1/policies/${created.body.id}`, tenantOf('other'))).status,
      404,
    );
    const duplicate = await inject('plato', 'POST', '/api/v1/policies', tenant, {
      ...created.body,
      id: undefined,
    });
    assert.equal(duplicate.status, 409, 'the unique (tenant, namespace, name) holds on PostgreSQL');

    const plan = await inject('plato', 'POST', '/api/v1/plans', tenant, {
      namespace: 'ops',
      rimNodeId: 'rim:test:postgres',
      steps: [{ name: 'check', action: { type: 'VALIDATE' }, dependsOn: [] }],
    });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    const plans = await inject('plato', 'GET', '/api/v1/plans?rimNodeId=rim:test:postgres', tenant);
    assert.equal(plans.body.totalElements, 1);
    assert.equal(plans.body.content[0].id, plan.body.id);
    assert.deepEqual(
      plans.body.content[0].steps.map((step: any) => step.name),
      ['check'],
    );
  });

  test('ODYSSEY: an announcement becomes an observation on the entity page and in its state', async () => {
    const tenant = tenantOf('odyssey');
    const entity = 'rim:entity:postgres:test';
    const capsuleId = randomUUID();
    const announcement = {
      capsuleId,
      scopeId: entity,
      centerTsUtc: '2024-05-01T12:00:00Z',
      createdAt: '2024-05-01T12:00:01Z',
      vantageMode: 'OBSERVER',
      observerId: 'postgres-test',
    };
    const accepted = await inject('odyssey', 'POST', '/api/v1/capsule/announcements', tenant, announcement);
    assert.equal(accepted.status, 202);
    assert.deepEqual(accepted.body, { capsuleId, accepted: true, duplicate: false });
    const replay = await inject('odyssey', 'POST', '/api/v1/capsule/announcements', tenant, announcement);
    assert.equal(replay.body.duplicate, true);

    const page = await inject('odyssey', 'GET', `/api/v1/entities?entityId=${entity}`, tenant);
    assert.equal(page.status, 200);
    assert.equal(page.body.totalElements, 1);
    assert.equal(page.body.content[0].capsuleId, capsuleId);
    const state = await inject('odyssey', 'GET', `/api/v1/entities/${entity}/state`, tenant);
    assert.equal(state.status, 200);
    assert.equal(state.body.observationCount, 1);
    assert.equal(state.body.latestCapsuleId, capsuleId);
    assert.equal(
      (await inject('odyssey', 'GET', `/api/v1/entities/${entity}/state`, tenantOf('other'))).status,
      404,
    );
  });

  test('PERCEPTION: a signal makes its node OBSERVED (the capsule is queued: CAPSULE is away); an outcome makes it ACTIVE', async () => {
    const tenant = tenantOf('perception');
    const rim = 'rim:test:postgres-node';
    const signal = await inject('perception', 'POST', '/api/v1/signals', tenant, {
      signalType: 'price-tick',
      source: 'postgres.test.ts',
      rimNodeId: rim,
      payload: { bid: 1.0812, ask: 1.0814 },
      metadata: { region: 'eu' },
    });
    assert.equal(signal.status, 202, JSON.stringify(signal.body));
    const stored = await inject('perception', 'GET', `/api/v1/signals/${signal.body.signalId}`, tenant);
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body.payload, { bid: 1.0812, ask: 1.0814 }, 'jsonb round trip');
    assert.equal(stored.body.capsuleStatus, 'PENDING');
    const observed = await inject('perception', 'GET', `/api/v1/state/${rim}`, tenant);
    assert.equal(observed.status, 200, JSON.stringify(observed.body));
    assert.equal(observed.body.status, 'OBSERVED');
    assert.equal(observed.body.capsuleId, null);

    const outcome = await inject('perception', 'POST', '/api/v1/outcomes', tenant, {
      actionId: randomUUID(),
      rimNodeId: rim,
      toolId: 'hedge-position',
      outcomeStatus: 'SUCCESS',
      planId: 'plan-1',
      completedAt: new Date(Date.now() + 5).toISOString(),
    });
    assert.equal(outcome.status, 202, JSON.stringify(outcome.body));
    const active = await inject('perception', 'GET', `/api/v1/state/${rim}`, tenant);
    assert.equal(active.body.status, 'ACTIVE');
    assert.equal(active.body.lastOutcome.toolId, 'hedge-position');
    assert.equal((await inject('perception', 'GET', `/api/v1/state/${rim}`, tenantOf('other'))).status, 404);
    const signals = await inject('perception', 'GET', `/api/v1/signals?rimNodeId=${rim}`, tenant);
    assert.equal(signals.body.totalElements, 1);
  });

  test('/actuator/health/db shows the database, the leader and the streaming replica with its lag', async () => {
    for (const service of ['perception', 'odyssey', 'plato'] as const) {
      const health = await inject(service, 'GET', '/actuator/health/db', 'default');
      assert.equal(health.status, 200, JSON.stringify(health.body));
      assert.equal(health.body.status, 'UP');
      const { details } = health.body;
      assert.equal(details.database, service);
      assert.match(details.leader, /^postgres-[01]$/);
      assert.equal(details.replicas.length, 1);
      const [replica] = details.replicas;
      assert.notEqual(replica.member, details.leader);
      assert.match(replica.state, /^(running|streaming)$/);
      assert.equal(typeof replica.lagBytes, 'number');
      assert.equal(replica.readable, true);
      assert.equal(details.readsFrom, replica.member);
      assert.match(details.patroni, /^http:\/\/127\.0\.3\.[12]:8008$/);
      // Exactly these: no connection settings, let alone credentials.
      assert.deepEqual(Object.keys(details).sort(), [
        'database',
        'leader',
        'leaderAnsweredInMs',
        'patroni',
        'readsFrom',
        'replicas',
      ]);
      const readiness = await inject(service, 'GET', '/actuator/health/readiness', 'default');
      assert.equal(readiness.status, 200);
      assert.equal(readiness.body.components.db.status, 'UP');
    }
  });
});
