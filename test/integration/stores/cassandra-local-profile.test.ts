// The Cassandra stores against the running local engine tier (3 nodes, keyspace `butterfly`,
// RF 3): CAPSULE's CapsuleStore and SYNAPSE's action log, each against the contract its SQL twin
// meets, then CAPSULE and SYNAPSE built on the local profile and driven over HTTP. Every run uses
// its own tenants and recovery owner, so other runs on the same cluster never meet its rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { buildService, type BuiltService } from '../../../src/host/index.ts';
import { capsuleService } from '../../../src/services/capsule/index.ts';
import { synapseService } from '../../../src/services/synapse/index.ts';
import { tenantOf, useCassandraSession } from './cassandra-tier.ts';

useCassandraSession();

describe('CAPSULE and SYNAPSE on the local profile', () => {
  let stateDir: string;
  let capsule: BuiltService;
  let synapse: BuiltService;
  const env = () => ({
    BUTTERFLY_PROFILE: 'local',
    BUTTERFLY_STATE_DIR: stateDir,
    BUTTERFLY_LOG_LEVEL: 'silent',
    // Nothing listens there: announcements and outcomes stay queued, touching no one else's services.
    BUTTERFLY_ODYSSEY_URL: 'http://127.0.0.1:9',
    BUTTERFLY_PERCEPTION_URL: 'http://127.0.0.1:9',
    BUTTERFLY_CAPSULE_URL: 'http://127.0.0.1:9',
    BUTTERFLY_PLATO_URL: 'http://127.0.0.1:9',
  });

  before(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'butterfly-cassandra-test-'));
    capsule = await buildService(capsuleService, loadServiceConfig('capsule', env()));
    synapse = await buildService(synapseService, loadServiceConfig('synapse', env()));
  });

  after(async () => {
    await capsule?.app.close();
    await synapse?.app.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  const tenant = tenantOf('http');
  const body = (centerTsUtc: string) => ({
    header: {
      scope: { scopeId: 'rim:entity:finance:EURUSD' },
      time: { centerTsUtc, deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'cassandra-test' },
    },
    configuration: { signalType: 'test' },
    dynamics: { payload: { value: 1 } },
  });
  const post = (payload: unknown, key?: string) =>
    capsule.app.inject({
      method: 'POST',
      url: '/api/v1/capsules',
      headers: { 'x-tenant-id': tenant, ...(key ? { 'x-idempotency-key': key } : {}) },
      payload: payload as Record<string, unknown>,
    });

  test('POST /api/v1/capsules: 201, an idempotent replay 200 with the same capsule, another body 409', async () => {
    const created = await post(body('2024-05-01T12:00:00Z'), 'signal-1');
    assert.equal(created.statusCode, 201, created.body);
    const replay = await post(body('2024-05-01T12:00:00Z'), 'signal-1');
    assert.equal(replay.statusCode, 200, replay.body);
    assert.equal(replay.json().capsuleId, created.json().capsuleId);
    const conflict = await post(body('2024-05-01T13:00:00Z'), 'signal-1');
    assert.equal(conflict.statusCode, 409);
    assert.equal(conflict.json().error.code, 'BFY_ERR_IDEMPOTENCY_CONFLICT');
  });

  test('GET /api/v1/capsules?scopeId= pages newest first; another tenant sees nothing', async () => {
    await post(body('2024-05-01T14:00:00Z'));
    const page = await capsule.app.inject({
      method: 'GET',
      url: '/api/v1/capsules?scopeId=rim:entity:finance:EURUSD&limit=1&page=0',
      headers: { 'x-tenant-id': tenant },
    });
    assert.equal(page.statusCode, 200, page.body);
    const answer = page.json();
    assert.deepEqual(
      {
        totalElements: answer.totalElements,
        totalPages: answer.totalPages,
        number: answer.number,
        size: answer.size,
      },
      { totalElements: 2, totalPages: 2, number: 0, size: 1 },
    );
    assert.equal(answer.content[0].header.time.centerTsUtc, '2024-05-01T14:00:00.000Z');
    const other = await capsule.app.inject({
      method: 'GET',
      url: '/api/v1/capsules?scopeId=rim:entity:finance:EURUSD',
      headers: { 'x-tenant-id': tenantOf('http-other') },
    });
    assert.equal(other.json().totalElements, 0);
  });

  test('GET /actuator/health/cassandra: UP with 3 of 3 nodes, the keyspace and the consistency', async () => {
    const health = await capsule.app.inject({ method: 'GET', url: '/actuator/health/cassandra' });
    assert.equal(health.statusCode, 200, health.body);
    assert.deepEqual(health.json(), {
      status: 'UP',
      details: {
        nodesUp: 3,
        nodesTotal: 3,
        nodes: { '127.0.2.1': 'UP', '127.0.2.2': 'UP', '127.0.2.3': 'UP' },
        keyspace: 'butterfly',
        consistency: 'LOCAL_QUORUM',
      },
    });
    // CAPSULE serves without a quorum (reads at ONE, queued writes): Cassandra is not part of its
    // readiness. SYNAPSE's action log has no such fallback: it is part of SYNAPSE's.
    const readiness = await capsule.app.inject({ method: 'GET', url: '/actuator/health/readiness' });
    assert.equal(readiness.statusCode, 200);
    assert.equal(readiness.json().components.cassandra, undefined);
    const synapseReadiness = await synapse.app.inject({ method: 'GET', url: '/actuator/health/readiness' });
    assert.equal(synapseReadiness.json().components.cassandra.status, 'UP');
  });

  test('SYNAPSE: an action with a key runs once; the replay answers the same action; the log lists it', async () => {
    const act = () =>
      synapse.app.inject({
        method: 'POST',
        url: '/api/v1/actions',
        headers: { 'x-tenant-id': tenant, 'x-idempotency-key': 'plan-p1-step-echo' },
        payload: {
          toolId: 'noop.echo',
          parameters: { hello: 'cassandra' },
          executionMode: 'EXECUTE',
          planId: 'p1',
        },
      });
    const first = await act();
    assert.equal(first.statusCode, 200, first.body);
    const replay = await act();
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['x-idempotent-replayed'], 'true');
    assert.deepEqual(replay.json(), first.json());
    const listed = await synapse.app.inject({
      method: 'GET',
      url: '/api/v1/actions?planId=p1',
      headers: { 'x-tenant-id': tenant },
    });
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed.json().content.map((action: { actionId: string }) => action.actionId),
      [first.json().actionId],
    );
    const health = await synapse.app.inject({ method: 'GET', url: '/actuator/health/cassandra' });
    assert.equal(health.json().status, 'UP');
  });
});
