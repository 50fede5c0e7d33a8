// The Cassandra stores against the running local engine tier (3 nodes, keyspace `butterfly`,
// RF 3): CAPSULE's CapsuleStore and SYNAPSE's action log, each against the contract its SQL twin
// meets, then CAPSULE and SYNAPSE built on the local profile and driven over HTTP. Every run uses
// its own tenants and recovery owner, so other runs on the same cluster never meet its rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cassandraSettingsOf,
  CassandraSession,
  ensureTables,
  healthProbeTable,
  readStatement,
  writeTimestampOf,
} from '../../../src/engines/cassandra/index.ts';
import { loadServiceConfig } from '../../../src/kit/config/index.ts';
import { buildService, type BuiltService } from '../../../src/host/index.ts';
import { systemClock } from '../../../src/kit/time/index.ts';
import { capsuleService } from '../../../src/services/capsule/index.ts';
import type { StoredCapsule } from '../../../src/services/capsule/capsule.ts';
import {
  CAPSULE_TABLES,
  claimIdempotencyKey,
} from '../../../src/services/capsule/cassandra-capsule-statements.ts';
import { CassandraCapsuleStore } from '../../../src/services/capsule/cassandra-capsule-store.ts';
import type { StartedAction } from '../../../src/services/synapse/actions/action-log-store.ts';
import {
  ACTION_LOG_TABLES,
  claimActionKey,
  insertActionById,
} from '../../../src/services/synapse/actions/cassandra-action-log-statements.ts';
import { bucketOf, insertMarker } from '../../../src/services/synapse/actions/cassandra-marker-statements.ts';
import { CassandraActionLogStore } from '../../../src/services/synapse/actions/cassandra-action-log-store.ts';
import { synapseService } from '../../../src/services/synapse/index.ts';
import { storedCapsules } from '../../fixtures/stored-capsules.ts';

const run = randomUUID().slice(0, 8);
/** A tenant of this run only. */
const tenantOf = (name: string) => `cassandra-test-${run}-${name}`;

const localConfig = loadServiceConfig('capsule', {
  BUTTERFLY_PROFILE: 'local',
  BUTTERFLY_LOG_LEVEL: 'silent',
});
let session: CassandraSession;

before(async () => {
  // No skip when the tier is down: connecting fails and so does every test in this file.
  session = await CassandraSession.connect(cassandraSettingsOf(localConfig), systemClock);
  await ensureTables(session, [healthProbeTable('capsule'), ...CAPSULE_TABLES, ...ACTION_LOG_TABLES]);
});

after(async () => {
  await session?.close();
});

describe('the session', () => {
  test('sees three nodes up, and the tables exist in the keyspace with RF 3', async () => {
    const nodes = session.nodes();
    assert.deepEqual(
      nodes.map((node) => [node.address, node.up]),
      [
        ['127.0.2.1', true],
        ['127.0.2.2', true],
        ['127.0.2.3', true],
      ],
    );
    assert.equal(await session.schemaAgreed(), true);
    const keyspace = await session.execute(
      readStatement('SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?', ['butterfly']),
    );
    assert.equal(keyspace.first().get('replication').replication_factor, '3');
    // A second ensure finds every table and changes nothing.
    assert.deepEqual(await ensureTables(session, CAPSULE_TABLES), []);
  });
});

describe('CassandraCapsuleStore', () => {
  let store: CassandraCapsuleStore;
  before(() => {
    store = new CassandraCapsuleStore(session);
  });

  const capsule = storedCapsules(run);

  test('a saved capsule reads back exactly, and only for its tenant', async () => {
    const [a, b] = [tenantOf('caps-a'), tenantOf('caps-b')];
    const stored = capsule('rim:store:one', '2024-05-01T12:00:00.000Z');
    assert.deepEqual(await store.save(a, stored), { kind: 'created', capsule: stored });
    const read = (await store.find(a, stored.capsuleId)).capsule;
    assert.deepEqual(read, stored);
    assert.deepEqual(Object.keys(read?.configuration ?? {}), ['z', 'a']);
    assert.equal((await store.find(b, stored.capsuleId)).capsule, undefined);
    assert.equal((await store.find(a, 'no-such-capsule')).capsule, undefined);
  });

  test('a scope lists newest first by centerTsUtc, then createdAt, with offset, limit and total', async () => {
    const [a, b, c] = [tenantOf('order-a'), tenantOf('order-b'), tenantOf('order-c')];
    const scope = 'rim:store:order';
    const older = capsule(scope, '2024-05-01T10:00:00.000Z');
    const newest = capsule(scope, '2024-05-01T12:00:00.000Z', '2024-06-01T00:00:00.000Z');
    const sameCenterLaterWrite = capsule(scope, '2024-05-01T11:00:00.000Z', '2024-06-02T00:00:00.000Z');
    const sameCenterEarlierWrite = capsule(scope, '2024-05-01T11:00:00.000Z', '2024-06-01T00:00:00.000Z');
    for (const each of [older, sameCenterEarlierWrite, newest, sameCenterLaterWrite])
      await store.save(a, each);
    await store.save(b, capsule(scope, '2024-05-01T13:00:00.000Z'));
    await store.save(a, capsule('rim:store:other', '2024-05-01T13:00:00.000Z'));

    const all = await store.listScope(a, { scopeId: scope, offset: 0, limit: 10 });
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.capsules.map((each) => each.capsuleId),
      [newest, sameCenterLaterWrite, sameCenterEarlierWrite, older].map((each) => each.capsuleId),
    );
    const second = await store.listScope(a, { scopeId: scope, offset: 2, limit: 2 });
    assert.equal(second.total, 4);
    assert.deepEqual(
      second.capsules.map((each) => each.capsuleId),
      [sameCenterEarlierWrite, older].map((each) => each.capsuleId),
    );
    const pastTheEnd = await store.listScope(a, { scopeId: scope, offset: 4, limit: 2 });
    assert.deepEqual(pastTheEnd, { capsules: [], total: 4 });
    assert.deepEqual(await store.listScope(c, { scopeId: scope, offset: 0, limit: 10 }), {
      capsules: [],
      total: 0,
    });
  });

  test('paging walks a scope longer than one fetch without gaps or repeats', async () => {
    const tenant = tenantOf('paging');
    const scope = 'rim:store:paging';
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const saved: StoredCapsule[] = [];
    for (let index = 0; index < 30; index += 1) {
      saved.push(capsule(scope, new Date(start + index * 60_000).toISOString()));
    }
    await Promise.all(saved.map((each) => store.save(tenant, each)));
    const seen: string[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const slice = await store.listScope(tenant, { scopeId: scope, offset, limit: 7 });
      assert.equal(slice.total, 30);
      seen.push(...slice.capsules.map((each) => each.capsuleId));
    }
    assert.deepEqual(seen, saved.map((each) => each.capsuleId).reverse());
  });

  test('a range is inclusive at both ends and either end may be open; total counts the range', async () => {
    const tenant = tenantOf('range');
    const scope = 'rim:store:range';
    const at = (hour: number) => `2024-05-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
    for (const hour of [8, 9, 10, 11, 12]) await store.save(tenant, capsule(scope, at(hour)));
    const hours = async (fromMs?: number, toMs?: number) => {
      const slice = await store.listScope(tenant, {
        scopeId: scope,
        offset: 0,
        limit: 10,
        ...(fromMs ? { fromMs } : {}),
        ...(toMs ? { toMs } : {}),
      });
      assert.equal(slice.total, slice.capsules.length);
      return slice.capsules.map((each) => new Date(each.header.time.centerTsUtc).getUTCHours());
    };
    assert.deepEqual(await hours(Date.parse(at(9)), Date.parse(at(11))), [11, 10, 9]);
    assert.deepEqual(await hours(Date.parse(at(11))), [12, 11]);
    assert.deepEqual(await hours(undefined, Date.parse(at(8))), [8]);
    assert.deepEqual(await hours(Date.parse(at(10)), Date.parse(at(10))), [10]);
  });

  test('a claimed key stores nothing and returns the claimant with its fingerprint; keys are per tenant', async () => {
    const [a, b] = [tenantOf('claims-a'), tenantOf('claims-b')];
    const first = capsule('rim:store:claims', '2024-05-01T12:00:00.000Z');
    const second = capsule('rim:store:claims', '2024-05-01T12:00:00.000Z');
    assert.equal((await store.save(a, first, { key: 'k', requestFingerprint: 'f1' })).kind, 'created');
    // The same request again: the claimant, with the same fingerprint (the writer answers 200).
    assert.deepEqual(await store.save(a, second, { key: 'k', requestFingerprint: 'f1' }), {
      kind: 'claimed',
      capsule: first,
      requestFingerprint: 'f1',
    });
    // Another request under the key: still the claimant, whose fingerprint differs (the writer answers 409).
    assert.deepEqual(await store.save(a, second, { key: 'k', requestFingerprint: 'f2' }), {
      kind: 'claimed',
      capsule: first,
      requestFingerprint: 'f1',
    });
    assert.equal((await store.find(a, second.capsuleId)).capsule, undefined);
    assert.equal((await store.listScope(a, { scopeId: 'rim:store:claims', offset: 0, limit: 10 })).total, 1);
    assert.equal((await store.save(b, second, { key: 'k', requestFingerprint: 'f2' })).kind, 'created');
  });

  test('concurrent saves under one key store exactly one capsule', async () => {
    const tenant = tenantOf('race');
    // Six contenders on one key: Paxos contention times some of them out; the serial read settles those.
    const contenders = Array.from({ length: 6 }, () => capsule('rim:store:race', '2024-05-01T12:00:00.000Z'));
    const outcomes = await Promise.all(
      contenders.map((each) => store.save(tenant, each, { key: 'raced', requestFingerprint: 'f' })),
    );
    const created = outcomes.filter((outcome) => outcome.kind === 'created');
    assert.equal(created.length, 1);
    const winner = created[0]!.capsule.capsuleId;
    for (const outcome of outcomes) assert.equal(outcome.capsule.capsuleId, winner);
    const listed = await store.listScope(tenant, { scopeId: 'rim:store:race', offset: 0, limit: 10 });
    assert.deepEqual(
      listed.capsules.map((each) => each.capsuleId),
      [winner],
    );
  });

  test('a replay finishes a claimant that died between its claim and its rows', async () => {
    const tenant = tenantOf('repair');
    const orphan = capsule('rim:store:repair', '2024-05-01T12:00:00.000Z');
    // The claim alone, as a crash right after the LWT leaves it.
    const claim = await session.execute(
      claimIdempotencyKey(tenant, { key: 'crashed', requestFingerprint: 'f' }, orphan),
    );
    assert.equal(claim.wasApplied(), true);
    assert.equal((await store.find(tenant, orphan.capsuleId)).capsule, undefined);
    const replay = await store.save(tenant, capsule('rim:store:repair', '2024-05-01T12:00:00.000Z'), {
      key: 'crashed',
      requestFingerprint: 'f',
    });
    assert.equal(replay.kind, 'claimed');
    assert.deepEqual((await store.find(tenant, orphan.capsuleId)).capsule, orphan);
    assert.equal(
      (await store.listScope(tenant, { scopeId: 'rim:store:repair', offset: 0, limit: 5 })).total,
      1,
    );
  });

  test('rows carry the capsule creation time as their write timestamp', async () => {
    const tenant = tenantOf('timestamp');
    const stored = capsule('rim:store:ts', '2024-05-01T12:00:00.000Z', '2024-06-03T04:05:06.789Z');
    await store.save(tenant, stored);
    const result = await session.execute(
      readStatement(
        'SELECT WRITETIME(document) AS written FROM capsules_by_id WHERE tenant = ? AND capsule_id = ?',
        [tenant, stored.capsuleId],
      ),
    );
    assert.equal(String(result.first().get('written')), String(writeTimestampOf('2024-06-03T04:05:06.789Z')));
  });
});

describe('CassandraActionLogStore', () => {
  const owner = `cassandra-test-${run}`;
  let store: CassandraActionLogStore;
  before(() => {
    store = new CassandraActionLogStore(session, owner);
  });

  const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString();
  const started = (
    actionId: string,
    key: string | null,
    second: number,
    overrides: Partial<StartedAction> = {},
  ): StartedAction => ({
    actionId: `${run}-${actionId}`,
    idempotencyKey: key,
    fingerprint: 'f1',
    toolId: 'noop.echo',
    parameters: { n: second },
    executionMode: 'EXECUTE',
    planId: 'plan-1',
    rimNodeId: 'rim:test:n',
    createdAt: new Date().toISOString(),
    ...overrides,
  });
  const id = (name: string) => `${run}-${name}`;

  test('an idempotency key is claimed once per tenant; the holder is RUNNING, then DONE with the action', async () => {
    const [t1, t2] = [tenantOf('act-1'), tenantOf('act-2')];
    assert.deepEqual(await store.start(t1, started('a1', 'k', 1)), { started: true });
    assert.deepEqual(await store.start(t1, started('a2', 'k', 2)), {
      started: false,
      holder: { state: 'RUNNING', actionId: id('a1'), fingerprint: 'f1' },
    });
    assert.deepEqual(await store.start(t2, started('a3', 'k', 3)), { started: true }, 'keys are per tenant');
    assert.equal(await store.get(t1, id('a1')), undefined, 'running actions are not visible');
    assert.equal(await store.get(t1, id('a2')), undefined, 'the loser left no row');
    const done = await store.complete(t1, id('a1'), {
      outcomeStatus: 'SUCCESS',
      result: { echo: 1 },
      completedAt: at(4),
    });
    assert.equal(done.actionId, id('a1'));
    assert.deepEqual(
      { ...done, actionId: undefined, createdAt: undefined },
      {
        actionId: undefined,
        toolId: 'noop.echo',
        parameters: { n: 1 },
        executionMode: 'EXECUTE',
        planId: 'plan-1',
        rimNodeId: 'rim:test:n',
        outcomeStatus: 'SUCCESS',
        result: { echo: 1 },
        createdAt: undefined,
        completedAt: at(4),
      },
    );
    assert.deepEqual(await store.start(t1, started('a4', 'k', 5, { fingerprint: 'f2' })), {
      started: false,
      holder: { state: 'DONE', fingerprint: 'f1', action: done },
    });
    assert.deepEqual(await store.get(t1, id('a1')), done);
    assert.equal(await store.get(t2, id('a1')), undefined);
  });

  test('concurrent starts under one key: exactly one runs', async () => {
    const tenant = tenantOf('act-race');
    const answers = await Promise.all(
      ['r1', 'r2', 'r3', 'r4'].map((name, index) => store.start(tenant, started(name, 'same', index))),
    );
    assert.equal(answers.filter((answer) => answer.started).length, 1);
  });

  test('lists filter by plan, by node, by both, page newest first, and hide running actions', async () => {
    const tenant = tenantOf('lists');
    const base = Date.UTC(2025, 0, 2);
    const plan: [string, number, string, string][] = [
      ['b1', 10, 'p-b', 'rim:test:x'],
      ['b2', 11, 'p-b', 'rim:test:y'],
      ['b3', 12, 'p-c', 'rim:test:x'],
      ['b4', 13, 'p-b', 'rim:test:x'],
    ];
    for (const [name, second, planId, rimNodeId] of plan) {
      const createdAt = new Date(base + second * 1000).toISOString();
      assert.deepEqual(
        await store.start(tenant, started(name, null, second, { planId, rimNodeId, createdAt })),
        {
          started: true,
        },
      );
      if (name !== 'b3') {
        await store.complete(tenant, id(name), {
          outcomeStatus: 'SUCCESS',
          result: {},
          completedAt: createdAt,
        });
      }
    }
    const ids = (items: { actionId: string }[]) => items.map((item) => item.actionId);
    const byPlan = await store.list(tenant, { planId: 'p-b' }, { page: 0, limit: 2 });
    assert.equal(byPlan.total, 3);
    assert.deepEqual(ids(byPlan.items), [id('b4'), id('b2')]);
    const secondPage = await store.list(tenant, { planId: 'p-b' }, { page: 1, limit: 2 });
    assert.deepEqual(ids(secondPage.items), [id('b1')]);
    const byNode = await store.list(tenant, { rimNodeId: 'rim:test:x' }, { page: 0, limit: 10 });
    assert.deepEqual(ids(byNode.items), [id('b4'), id('b1')], 'b3 is still running');
    const both = await store.list(tenant, { planId: 'p-b', rimNodeId: 'rim:test:y' }, { page: 0, limit: 10 });
    assert.deepEqual({ total: both.total, items: ids(both.items) }, { total: 1, items: [id('b2')] });
    const all = await store.list(tenant, {}, { page: 0, limit: 10 });
    assert.deepEqual(
      { total: all.total, items: ids(all.items) },
      { total: 3, items: [id('b4'), id('b2'), id('b1')] },
    );
    assert.equal(
      (await store.list(tenant, { rimNodeId: 'rim:test:other' }, { page: 0, limit: 10 })).total,
      0,
    );
    assert.equal((await store.list(tenantOf('lists-other'), {}, { page: 0, limit: 10 })).total, 0);
  });

  test('recovery: running actions end as FAILURE, claim losers vanish, unqueued outcomes are found until marked', async () => {
    const tenant = tenantOf('recovery');
    // An instance of its own: the tests above left running actions under the shared owner.
    const recoveryOwner = `${owner}-recovery`;
    const store = new CassandraActionLogStore(session, recoveryOwner);
    const now = new Date().toISOString();
    await store.start(tenant, started('rec1', 'rk', 20, { createdAt: now }));
    await store.start(tenant, started('rec2', null, 21, { rimNodeId: null, createdAt: now }));
    await store.complete(tenant, id('rec2'), { outcomeStatus: 'SUCCESS', result: {}, completedAt: now });
    // A crash between step 1 and the claim of an action whose key someone else holds.
    const ghost = started('ghost', 'held', 22, { createdAt: now });
    const holder = started('holder', 'held', 22, { createdAt: now });
    await session.execute(claimActionKey(tenant, 'held', holder));
    const ts = writeTimestampOf(now);
    await session.execute(insertMarker('running', recoveryOwner, bucketOf(now), tenant, ghost.actionId, ts));
    const { actionId, idempotencyKey, fingerprint, ...request } = ghost;
    await session.execute(
      insertActionById(
        {
          tenant,
          actionId,
          idempotencyKey,
          fingerprint,
          state: 'RUNNING',
          request,
          outcome: null,
        },
        ts,
      ),
    );

    const interruptedAt = new Date().toISOString();
    assert.equal(await store.failInterrupted(interruptedAt), 1, 'rec1 only: the ghost never held its key');
    const rec1 = await store.get(tenant, id('rec1'));
    assert.equal(rec1?.outcomeStatus, 'FAILURE');
    assert.equal(rec1?.completedAt, interruptedAt);
    assert.match(String(rec1?.result.error), /interrupted/);
    assert.equal(await store.get(tenant, ghost.actionId), undefined);
    assert.equal(await store.failInterrupted(interruptedAt), 0, 'nothing is left running');

    const unqueued = (await store.unqueuedOutcomes()).filter((each) => each.tenant === tenant);
    assert.deepEqual(
      unqueued.map((each) => each.action.actionId),
      [id('rec1')],
      'only actions with a RIM node report outcomes',
    );
    await store.markOutcomeQueued(tenant, id('rec1'));
    assert.deepEqual(
      (await store.unqueuedOutcomes()).filter((each) => each.tenant === tenant),
      [],
    );
  });
});

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
    assert.equal(conflict.json().error.code, 'IDEMPOTENCY_CONFLICT');
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
