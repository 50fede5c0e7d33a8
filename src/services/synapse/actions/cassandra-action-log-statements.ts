import type { types } from 'cassandra-driver';
import {
  cqlTable,
  dateOf,
  documentOf,
  idempotentWrite,
  lightweightTransaction,
  optionalDateOf,
  optionalTextOf,
  readStatement,
  serialReadStatement,
  textOf,
  type CqlStatement,
  type CqlTable,
} from '../../../engines/cassandra/index.ts';
import type { ActionRecord, ExecutionMode, OutcomeStatus } from './action.ts';
import type { StartedAction } from './action-log-store.ts';

// Markers are written and deleted once per action: a short gc_grace_seconds (the default hint
// window, 3 h) purges their tombstones soon. A marker a repair resurrects is harmless: recovery
// finds its action already DONE (or its outcome re-queued, which PERCEPTION deduplicates).
const MARKER_OPTIONS = 'WITH gc_grace_seconds = 10800';

/**
 * SYNAPSE's action log, one table per query: an action by id (its whole state), the idempotency
 * claims (LWT), the finished actions of a tenant / a plan / a RIM node newest first (for the
 * listings), and the recovery markers of one instance (`owner`) by hour.
 */
export const ACTION_LOG_TABLES: readonly CqlTable[] = [
  cqlTable(
    'synapse_actions_by_id',
    `CREATE TABLE IF NOT EXISTS synapse_actions_by_id (
      tenant text, action_id text, idempotency_key text, fingerprint text, tool_id text, parameters text,
      execution_mode text, plan_id text, rim_node_id text, state text, outcome_status text, result text,
      created_at timestamp, completed_at timestamp,
      PRIMARY KEY ((tenant, action_id))
    )`,
  ),
  cqlTable(
    'synapse_action_idempotency',
    `CREATE TABLE IF NOT EXISTS synapse_action_idempotency (
      tenant text, idempotency_key text, action_id text, fingerprint text, claimed_at timestamp,
      PRIMARY KEY ((tenant, idempotency_key))
    )`,
  ),
  cqlTable(
    'synapse_actions_by_tenant',
    `CREATE TABLE IF NOT EXISTS synapse_actions_by_tenant (
      tenant text, created_at timestamp, action_id text, document text,
      PRIMARY KEY ((tenant), created_at, action_id)
    ) WITH CLUSTERING ORDER BY (created_at DESC, action_id ASC)`,
  ),
  cqlTable(
    'synapse_actions_by_plan',
    `CREATE TABLE IF NOT EXISTS synapse_actions_by_plan (
      tenant text, plan_id text, created_at timestamp, action_id text, rim_node_id text, document text,
      PRIMARY KEY ((tenant, plan_id), created_at, action_id)
    ) WITH CLUSTERING ORDER BY (created_at DESC, action_id ASC)`,
  ),
  cqlTable(
    'synapse_actions_by_node',
    `CREATE TABLE IF NOT EXISTS synapse_actions_by_node (
      tenant text, rim_node_id text, created_at timestamp, action_id text, plan_id text, document text,
      PRIMARY KEY ((tenant, rim_node_id), created_at, action_id)
    ) WITH CLUSTERING ORDER BY (created_at DESC, action_id ASC)`,
  ),
  cqlTable(
    'synapse_actions_running',
    `CREATE TABLE IF NOT EXISTS synapse_actions_running (
      owner text, bucket bigint, tenant text, action_id text,
      PRIMARY KEY ((owner, bucket), tenant, action_id)
    ) ${MARKER_OPTIONS}`,
  ),
  cqlTable(
    'synapse_outcomes_unqueued',
    `CREATE TABLE IF NOT EXISTS synapse_outcomes_unqueued (
      owner text, bucket bigint, tenant text, action_id text,
      PRIMARY KEY ((owner, bucket), tenant, action_id)
    ) ${MARKER_OPTIONS}`,
  ),
  cqlTable(
    'synapse_recovery_checkpoints',
    `CREATE TABLE IF NOT EXISTS synapse_recovery_checkpoints (
      owner text, marker text, bucket bigint,
      PRIMARY KEY ((owner), marker)
    )`,
  ),
];

/** An action as `synapse_actions_by_id` holds it. */
export interface ActionRow {
  tenant: string;
  actionId: string;
  idempotencyKey: string | null;
  fingerprint: string;
  state: 'RUNNING' | 'DONE';
  request: Omit<StartedAction, 'actionId' | 'idempotencyKey' | 'fingerprint'>;
  outcome: { outcomeStatus: OutcomeStatus; result: Record<string, unknown>; completedAt: string } | null;
}

const BY_ID_COLUMNS =
  'tenant, action_id, idempotency_key, fingerprint, tool_id, parameters, execution_mode, plan_id, rim_node_id, state, outcome_status, result, created_at, completed_at';

/** The whole row of an action by id; RUNNING when `outcome` is null, DONE otherwise. */
export function insertActionById(row: ActionRow, timestampMicros: number): CqlStatement {
  const { request, outcome } = row;
  return idempotentWrite(
    `INSERT INTO synapse_actions_by_id (${BY_ID_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TIMESTAMP ?`,
    [
      row.tenant,
      row.actionId,
      row.idempotencyKey,
      row.fingerprint,
      request.toolId,
      JSON.stringify(request.parameters),
      request.executionMode,
      request.planId,
      request.rimNodeId,
      outcome ? 'DONE' : 'RUNNING',
      outcome?.outcomeStatus ?? null,
      outcome ? JSON.stringify(outcome.result) : null,
      new Date(request.createdAt),
      outcome ? new Date(outcome.completedAt) : null,
      timestampMicros,
    ],
  );
}

/** Removes an action that never held its key (it lost the claim; it never ran). */
export function deleteActionById(tenant: string, actionId: string, timestampMicros: number): CqlStatement {
  return idempotentWrite(
    'DELETE FROM synapse_actions_by_id USING TIMESTAMP ? WHERE tenant = ? AND action_id = ?',
    [timestampMicros, tenant, actionId],
  );
}

/** One action's row. */
export function selectActionById(tenant: string, actionId: string): CqlStatement {
  return readStatement(
    `SELECT ${BY_ID_COLUMNS} FROM synapse_actions_by_id WHERE tenant = ? AND action_id = ?`,
    [tenant, actionId],
  );
}

/** Claims an idempotency key for an action: applied only when the tenant never used the key. */
export function claimActionKey(tenant: string, key: string, action: StartedAction): CqlStatement {
  return lightweightTransaction(
    `INSERT INTO synapse_action_idempotency (tenant, idempotency_key, action_id, fingerprint, claimed_at)
     VALUES (?, ?, ?, ?, ?) IF NOT EXISTS`,
    [tenant, key, action.actionId, action.fingerprint, new Date(action.createdAt)],
  );
}

/** Who holds a key, read at LOCAL_SERIAL: a claim whose Paxos round is still open is settled first. */
export function selectKeyHolder(tenant: string, key: string): CqlStatement {
  return serialReadStatement(
    'SELECT action_id, fingerprint FROM synapse_action_idempotency WHERE tenant = ? AND idempotency_key = ?',
    [tenant, key],
  );
}

/** An action's row as stored. */
export function actionRowOf(row: types.Row): ActionRow {
  const state = textOf(row, 'state') === 'DONE' ? 'DONE' : 'RUNNING';
  const completedAt = optionalDateOf(row, 'completed_at');
  return {
    tenant: textOf(row, 'tenant'),
    actionId: textOf(row, 'action_id'),
    idempotencyKey: optionalTextOf(row, 'idempotency_key'),
    fingerprint: textOf(row, 'fingerprint'),
    state,
    request: {
      toolId: textOf(row, 'tool_id'),
      parameters: JSON.parse(textOf(row, 'parameters')) as Record<string, unknown>,
      executionMode: textOf(row, 'execution_mode') as ExecutionMode,
      planId: optionalTextOf(row, 'plan_id'),
      rimNodeId: optionalTextOf(row, 'rim_node_id'),
      createdAt: dateOf(row, 'created_at').toISOString(),
    },
    outcome:
      state === 'DONE'
        ? {
            outcomeStatus: (optionalTextOf(row, 'outcome_status') ?? 'FAILURE') as OutcomeStatus,
            result: JSON.parse(optionalTextOf(row, 'result') ?? '{}') as Record<string, unknown>,
            completedAt: (completedAt ?? dateOf(row, 'created_at')).toISOString(),
          }
        : null,
  };
}

/** The finished action a DONE row describes. */
export function recordOf(row: ActionRow, outcome: NonNullable<ActionRow['outcome']>): ActionRecord {
  const { request } = row;
  return {
    actionId: row.actionId,
    toolId: request.toolId,
    parameters: request.parameters,
    executionMode: request.executionMode,
    planId: request.planId,
    rimNodeId: request.rimNodeId,
    outcomeStatus: outcome.outcomeStatus,
    result: outcome.result,
    createdAt: request.createdAt,
    completedAt: outcome.completedAt,
  };
}

/** A listing row's action. */
export function listedActionOf(row: types.Row): ActionRecord {
  return documentOf<ActionRecord>(row);
}
