import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { types } from 'cassandra-driver';
import type { ActionRecord } from './action.ts';
import {
  ACTION_LOG_TABLES,
  actionRowOf,
  claimActionKey,
  insertActionById,
  recordOf,
  selectKeyHolder,
  type ActionRow,
} from './cassandra-action-log-statements.ts';
import { bucketOf, deleteMarker } from './cassandra-marker-statements.ts';
import { countListing, insertListings, selectListingWindow } from './cassandra-listing-statements.ts';

const running: ActionRow = {
  tenant: 'acme',
  actionId: 'a1',
  idempotencyKey: 'plan-p-step-s',
  fingerprint: 'f1',
  state: 'RUNNING',
  request: {
    toolId: 'noop.echo',
    parameters: { n: 1 },
    executionMode: 'EXECUTE',
    planId: 'p',
    rimNodeId: 'rim:test:n',
    createdAt: '2025-01-01T00:00:01.000Z',
  },
  outcome: null,
};
const done: ActionRow = {
  ...running,
  state: 'DONE',
  outcome: { outcomeStatus: 'SUCCESS', result: { echo: 1 }, completedAt: '2025-01-01T00:00:02.000Z' },
};
const record: ActionRecord = recordOf(done, done.outcome!);
const flat = (cql: string) => cql.replace(/\s+/g, ' ').trim();

/** A driver row holding what `insertActionById` binds, by column. */
function storedRow(statementParams: readonly unknown[]): types.Row {
  const columns = flat(insertActionById(running, 0).cql)
    .replace(/^.*\((tenant[^)]*)\).*$/, '$1')
    .split(', ');
  const values = Object.fromEntries(columns.map((column, index) => [column, statementParams[index]]));
  return { get: (column: string) => values[column] ?? null } as types.Row;
}

test('every table is keyed by the tenant, except the per-instance markers, which carry it in the row key', () => {
  for (const table of ACTION_LOG_TABLES) {
    assert.match(flat(table.cql), /PRIMARY KEY \(\((tenant|owner)/, table.name);
  }
  const markers = ACTION_LOG_TABLES.filter((table) => /owner text, bucket bigint/.test(table.cql));
  assert.deepEqual(
    markers.map((table) => table.name),
    ['synapse_actions_running', 'synapse_outcomes_unqueued'],
  );
  for (const table of markers) assert.match(table.cql, /gc_grace_seconds = 10800/);
});

test('an action row round-trips RUNNING and DONE, with its JSON parameters and result', () => {
  const runningRow = actionRowOf(storedRow(insertActionById(running, 5).params));
  assert.deepEqual(runningRow, running);
  const doneStatement = insertActionById(done, 6);
  assert.equal(doneStatement.idempotent, true);
  assert.equal(doneStatement.params.at(-1), 6);
  assert.deepEqual(actionRowOf(storedRow(doneStatement.params)), done);
  assert.deepEqual(record, {
    actionId: 'a1',
    toolId: 'noop.echo',
    parameters: { n: 1 },
    executionMode: 'EXECUTE',
    planId: 'p',
    rimNodeId: 'rim:test:n',
    outcomeStatus: 'SUCCESS',
    result: { echo: 1 },
    createdAt: '2025-01-01T00:00:01.000Z',
    completedAt: '2025-01-01T00:00:02.000Z',
  });
});

test('the key claim is an LWT; who holds a key is read at LOCAL_SERIAL', () => {
  const claim = claimActionKey('acme', 'k', {
    ...running.request,
    actionId: 'a1',
    idempotencyKey: 'k',
    fingerprint: 'f1',
  });
  assert.match(flat(claim.cql), /IF NOT EXISTS$/);
  assert.equal(claim.idempotent, false);
  assert.deepEqual(claim.params, ['acme', 'k', 'a1', 'f1', new Date('2025-01-01T00:00:01.000Z')]);
  assert.equal(selectKeyHolder('acme', 'k').serialRead, true);
});

test('listings: the tenant always, the plan and the node only when the action has them', () => {
  const tables = (action: ActionRecord) =>
    insertListings('acme', action, 9).map((statement) => /INSERT INTO (\w+)/.exec(statement.cql)?.[1]);
  assert.deepEqual(tables(record), [
    'synapse_actions_by_tenant',
    'synapse_actions_by_plan',
    'synapse_actions_by_node',
  ]);
  assert.deepEqual(tables({ ...record, planId: null }), [
    'synapse_actions_by_tenant',
    'synapse_actions_by_node',
  ]);
  assert.deepEqual(tables({ ...record, planId: null, rimNodeId: null }), ['synapse_actions_by_tenant']);
  for (const statement of insertListings('acme', record, 9)) {
    assert.equal(statement.params.at(-1), 9);
    assert.equal(statement.params[0], 'acme');
  }
});

test('a listing reads the table of its filter, up to the end of the page; both filters stay in one partition', () => {
  const page = { page: 2, limit: 10 };
  assert.equal(
    selectListingWindow('acme', {}, page).cql,
    'SELECT document FROM synapse_actions_by_tenant WHERE tenant = ? LIMIT ?',
  );
  assert.deepEqual(selectListingWindow('acme', {}, page).params, ['acme', 30]);
  assert.match(
    selectListingWindow('acme', { planId: 'p' }, page).cql,
    /FROM synapse_actions_by_plan WHERE tenant = \? AND plan_id = \? LIMIT \?$/,
  );
  assert.match(
    selectListingWindow('acme', { rimNodeId: 'n' }, page).cql,
    /FROM synapse_actions_by_node WHERE tenant = \? AND rim_node_id = \? LIMIT \?$/,
  );
  const both = selectListingWindow('acme', { planId: 'p', rimNodeId: 'n' }, page);
  assert.equal(
    both.cql,
    'SELECT document FROM synapse_actions_by_plan WHERE tenant = ? AND plan_id = ? AND rim_node_id = ? LIMIT ? ALLOW FILTERING',
  );
  assert.deepEqual(both.params, ['acme', 'p', 'n', 30]);
  assert.equal(
    countListing('acme', { planId: 'p', rimNodeId: 'n' }).cql,
    'SELECT COUNT(*) AS count FROM synapse_actions_by_plan WHERE tenant = ? AND plan_id = ? AND rim_node_id = ? ALLOW FILTERING',
  );
});

test('markers live in hourly buckets of their owner', () => {
  assert.equal(bucketOf('1970-01-01T00:59:59.999Z'), 0);
  assert.equal(bucketOf('1970-01-01T01:00:00.000Z'), 1);
  assert.equal(bucketOf(Date.UTC(2025, 0, 1)), Date.UTC(2025, 0, 1) / 3_600_000);
  const deletion = deleteMarker('unqueued', 'host:/state/synapse', 7, 'acme', 'a1', 99);
  assert.equal(
    deletion.cql,
    'DELETE FROM synapse_outcomes_unqueued USING TIMESTAMP ? WHERE owner = ? AND bucket = ? AND tenant = ? AND action_id = ?',
  );
  assert.deepEqual(deletion.params, [99, 'host:/state/synapse', 7, 'acme', 'a1']);
});
