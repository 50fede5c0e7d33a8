import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PgliteClient } from '../../engines/embedded/index.ts';
import { migrate } from '../../engines/sql/index.ts';
import { PLATO_MIGRATIONS } from './migrations.ts';
import type { Plan } from './plans/plan.ts';
import { SqlPlanStore } from './plans/sql-plan-store.ts';
import type { Policy } from './policies/policy.ts';
import { SqlPolicyStore } from './policies/sql-policy-store.ts';

let db: PgliteClient;
before(async () => {
  db = await PgliteClient.open('memory://');
  await migrate(db, PLATO_MIGRATIONS);
});
after(() => db.close());

const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString();

const policy = (id: string, namespace: string, name: string, second: number): Policy => ({
  id,
  namespace,
  name,
  policyType: 'RISK',
  rules: [{ ruleId: 'r', condition: 'action.type == "X"', action: 'DENY' }],
  scope: { actionTypes: ['X'], rimNodePattern: 'rim:*' },
  createdAt: at(second),
});

test('policies: round trip, unique (tenant, namespace, name), pages newest first, tenant-scoped', async () => {
  const store = new SqlPolicyStore(db);
  assert.equal(await store.create('t1', policy('p1', 'risk', 'a', 1)), true);
  assert.equal(await store.create('t1', policy('p2', 'risk', 'b', 2)), true);
  assert.equal(await store.create('t1', policy('p3', 'ops', 'c', 3)), true);
  assert.equal(await store.create('t1', policy('p4', 'risk', 'a', 4)), false, 'duplicate name in namespace');
  assert.equal(await store.create('t2', policy('p5', 'risk', 'a', 5)), true, 'another tenant may reuse it');
  assert.deepEqual(await store.get('t1', 'p1'), policy('p1', 'risk', 'a', 1));
  assert.equal(await store.get('t2', 'p1'), undefined);
  const page = await store.list('t1', { namespace: 'risk' }, { page: 0, limit: 1 });
  assert.equal(page.total, 2);
  assert.deepEqual(
    page.items.map((p) => p.id),
    ['p2'],
  );
  assert.deepEqual(
    (await store.list('t1', {}, { page: 1, limit: 2 })).items.map((p) => p.id),
    ['p1'],
  );
  assert.deepEqual(
    (await store.all('t1')).map((p) => p.id),
    ['p1', 'p2', 'p3'],
  );
});

const plan = (id: string, rimNodeId: string | null, second: number): Plan => ({
  id,
  namespace: 'ops',
  rimNodeId,
  status: 'PENDING',
  mode: null,
  steps: [
    {
      name: 'check',
      action: { type: 'VALIDATE' },
      dependsOn: [],
      status: 'PENDING',
      result: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    },
    {
      name: 'act',
      action: { type: 'EXECUTE', toolId: 'noop.echo', parameters: { a: 1 } },
      dependsOn: ['check'],
      status: 'PENDING',
      result: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    },
  ],
  createdAt: at(second),
  updatedAt: at(second),
});

test('plans: round trip with steps in order, claim once, per-step progress, filters, tenant scope', async () => {
  const store = new SqlPlanStore(db);
  await store.create('t1', plan('a', 'rim:test:x', 1));
  await store.create('t1', plan('b', 'rim:test:y', 2));
  await store.create('t2', plan('c', 'rim:test:x', 3));
  assert.deepEqual(await store.get('t1', 'a'), plan('a', 'rim:test:x', 1));
  assert.equal(await store.get('t2', 'a'), undefined);

  assert.equal(await store.claim('t1', 'a', 'EXECUTE', at(10)), true);
  assert.equal(await store.claim('t1', 'a', 'EXECUTE', at(11)), false, 'only a PENDING plan can be claimed');
  assert.equal(await store.claim('t2', 'b', 'EXECUTE', at(11)), false, 'not in this tenant');
  const step = {
    ...plan('a', null, 0).steps[0]!,
    status: 'SUCCEEDED' as const,
    result: { decision: 'APPROVE' },
    startedAt: at(12),
    finishedAt: at(13),
  };
  await store.saveStep('t1', 'a', step, at(13));
  assert.deepEqual(await store.executing(), [{ tenant: 't1', id: 'a' }]);
  const progressed = (await store.get('t1', 'a'))!;
  assert.equal(progressed.status, 'EXECUTING');
  assert.equal(progressed.mode, 'EXECUTE');
  assert.equal(progressed.updatedAt, at(13));
  assert.deepEqual(
    progressed.steps.map((s) => s.name),
    ['check', 'act'],
  );
  assert.deepEqual(progressed.steps[0], step);
  await store.finish('t1', 'a', 'PARTIAL', at(14));
  assert.deepEqual(await store.executing(), []);

  assert.deepEqual(
    (await store.list('t1', {}, { page: 0, limit: 10 })).items.map((p) => p.id),
    ['b', 'a'],
  );
  assert.deepEqual(
    (await store.list('t1', { rimNodeId: 'rim:test:x' }, { page: 0, limit: 10 })).items.map((p) => p.id),
    ['a'],
  );
  assert.deepEqual(
    (await store.list('t1', { status: 'PARTIAL' }, { page: 0, limit: 10 })).items.map((p) => p.id),
    ['a'],
  );
  const listed = await store.list('t1', {}, { page: 0, limit: 1 });
  assert.equal(listed.total, 2);
  assert.equal(listed.items[0]?.steps.length, 2);
});
