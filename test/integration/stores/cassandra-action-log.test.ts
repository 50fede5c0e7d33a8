// The Cassandra stores against the running local engine tier (3 nodes, keyspace `butterfly`,
// RF 3): CAPSULE's CapsuleStore and SYNAPSE's action log, each against the contract its SQL twin
// meets, then CAPSULE and SYNAPSE built on the local profile and driven over HTTP. Every run uses
// its own tenants and recovery owner, so other runs on the same cluster never meet its rows.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeTimestampOf } from '../../../src/engines/cassandra/index.ts';
import type { StartedAction } from '../../../src/services/synapse/actions/action-log-store.ts';
import {
  claimActionKey,
  insertActionById,
} from '../../../src/services/synapse/actions/cassandra-action-log-statements.ts';
import { bucketOf, insertMarker } from '../../../src/services/synapse/actions/cassandra-marker-statements.ts';
import { CassandraActionLogStore } from '../../../src/services/synapse/actions/cassandra-action-log-store.ts';
import { run, tenantOf, session, useCassandraSession } from './cassandra-tier.ts';

useCassandraSession();

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
