import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PgliteClient } from '../../../engines/embedded/index.ts';
import { migrate } from '../../../engines/sql/index.ts';
import { SYNAPSE_MIGRATIONS } from '../migrations.ts';
import type { StartedAction } from './action-log-store.ts';
import { SqlActionLogStore } from './sql-action-log-store.ts';

let db: PgliteClient;
before(async () => {
  db = await PgliteClient.open('memory://');
  await migrate(db, SYNAPSE_MIGRATIONS);
});
after(() => db.close());

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString();

const started = (
  actionId: string,
  key: string | null,
  second: number,
  overrides: Partial<StartedAction> = {},
): StartedAction => ({
  actionId,
  idempotencyKey: key,
  fingerprint: 'f1',
  toolId: 'noop.echo',
  parameters: { n: second },
  executionMode: 'EXECUTE',
  planId: 'plan-1',
  rimNodeId: 'rim:test:n',
  createdAt: at(second),
  ...overrides,
});

test('an idempotency key is claimed once per tenant; the holder is RUNNING, then DONE with the action', async () => {
  const store = new SqlActionLogStore(db);
  assert.deepEqual(await store.start('t1', started('a1', 'k', 1)), { started: true });
  assert.deepEqual(await store.start('t1', started('a2', 'k', 2)), {
    started: false,
    holder: { state: 'RUNNING', actionId: 'a1', fingerprint: 'f1' },
  });
  assert.deepEqual(await store.start('t2', started('a3', 'k', 3)), { started: true }, 'keys are per tenant');
  assert.equal(await store.get('t1', 'a1'), undefined, 'running actions are not visible');
  const done = await store.complete('t1', 'a1', {
    outcomeStatus: 'SUCCESS',
    result: { echo: 1 },
    completedAt: at(4),
  });
  assert.deepEqual(done, {
    actionId: 'a1',
    toolId: 'noop.echo',
    parameters: { n: 1 },
    executionMode: 'EXECUTE',
    planId: 'plan-1',
    rimNodeId: 'rim:test:n',
    outcomeStatus: 'SUCCESS',
    result: { echo: 1 },
    createdAt: at(1),
    completedAt: at(4),
  });
  assert.deepEqual(await store.start('t1', started('a4', 'k', 5)), {
    started: false,
    holder: { state: 'DONE', fingerprint: 'f1', action: done },
  });
  assert.deepEqual(await store.get('t1', 'a1'), done);
  assert.equal(await store.get('t2', 'a1'), undefined);
});

test('actions without a key never conflict; lists filter, page and hide running ones', async () => {
  const store = new SqlActionLogStore(db);
  for (const [id, second, planId] of [
    ['b1', 10, 'p-b'],
    ['b2', 11, 'p-b'],
    ['b3', 12, 'p-c'],
  ] as const) {
    assert.deepEqual(await store.start('lists', started(id, null, second, { planId })), { started: true });
    if (id !== 'b3')
      await store.complete('lists', id, { outcomeStatus: 'SUCCESS', result: {}, completedAt: at(second) });
  }
  const page = await store.list('lists', { planId: 'p-b' }, { page: 0, limit: 1 });
  assert.equal(page.total, 2);
  assert.deepEqual(
    page.items.map((a) => a.actionId),
    ['b2'],
  );
  assert.equal((await store.list('lists', {}, { page: 0, limit: 10 })).total, 2, 'b3 is still running');
  assert.equal((await store.list('lists', { rimNodeId: 'rim:test:other' }, { page: 0, limit: 10 })).total, 0);
});

test('recovery: running actions end as FAILURE; unqueued outcomes are found until marked', async () => {
  const store = new SqlActionLogStore(db);
  await store.start('rec', started('r1', 'rk', 20));
  await store.start('rec', started('r2', null, 21, { rimNodeId: null }));
  await store.complete('rec', 'r2', { outcomeStatus: 'SUCCESS', result: {}, completedAt: at(22) });
  const interrupted = await store.failInterrupted(at(30));
  assert.ok(interrupted >= 1);
  const r1 = await store.get('rec', 'r1');
  assert.equal(r1?.outcomeStatus, 'FAILURE');
  assert.match(String(r1?.result.error), /interrupted/);
  const unqueued = (await store.unqueuedOutcomes())
    .filter((u) => u.tenant === 'rec')
    .map((u) => u.action.actionId);
  assert.deepEqual(unqueued, ['r1'], 'only actions with a RIM node report outcomes');
  await store.markOutcomeQueued('rec', 'r1');
  assert.deepEqual(
    (await store.unqueuedOutcomes()).filter((u) => u.tenant === 'rec'),
    [],
  );
});
