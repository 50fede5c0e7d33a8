// PostgreSQL through Patroni, against the running local engine tier (postgres-0/1 under Patroni,
// one leader and one streaming replica): the router's routing, retry on a real 25006 and
// migrations under the advisory lock; then PERCEPTION, ODYSSEY and PLATO built on the local
// profile and driven over HTTP, and their `db` health. Every run uses its own tenants and
// scratch database, so other runs on the same cluster never meet its rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '../../../src/kit/platform/index.ts';
import { buildService, type BuiltService } from '../../../src/host/index.ts';
import { odysseyService } from '../../../src/services/odyssey/index.ts';
import { ODYSSEY_MIGRATIONS } from '../../../src/services/odyssey/migrations.ts';
import { perceptionService } from '../../../src/services/perception/index.ts';
import { perceptionMigrations } from '../../../src/services/perception/migrations.ts';
import { platoService } from '../../../src/services/plato/index.ts';
import { PLATO_MIGRATIONS } from '../../../src/services/plato/migrations.ts';
import { run, tenantOf, configOf, routerOn, usePostgresTier } from './postgres-tier.ts';

usePostgresTier();

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
