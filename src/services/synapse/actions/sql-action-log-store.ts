import type { SqlExecutor } from '../../../engines/sql/index.ts';
import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { ActionRecord, ExecutionMode, OutcomeStatus } from './action.ts';
import type { ActionFilter, ActionLogStore, KeyHolder, StartedAction } from './action-log-store.ts';

interface ActionRow {
  tenant: string;
  action_id: string;
  fingerprint: string;
  tool_id: string;
  parameters: Record<string, unknown>;
  execution_mode: ExecutionMode;
  plan_id: string | null;
  rim_node_id: string | null;
  state: 'RUNNING' | 'DONE';
  outcome_status: OutcomeStatus | null;
  result: Record<string, unknown> | null;
  created_at: Date | string;
  completed_at: Date | string | null;
}

/** ActionLogStore over SQL (PGlite in the embedded profile). */
export class SqlActionLogStore implements ActionLogStore {
  readonly #db: SqlExecutor;

  constructor(db: SqlExecutor) {
    this.#db = db;
  }

  async start(
    tenant: string,
    action: StartedAction,
  ): Promise<{ started: true } | { started: false; holder: KeyHolder }> {
    const inserted = await this.#db.query(
      `INSERT INTO actions (tenant, action_id, idempotency_key, fingerprint, tool_id, parameters, execution_mode, plan_id, rim_node_id, state, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'RUNNING', $10)
       ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
      [
        tenant,
        action.actionId,
        action.idempotencyKey,
        action.fingerprint,
        action.toolId,
        JSON.stringify(action.parameters),
        action.executionMode,
        action.planId,
        action.rimNodeId,
        action.createdAt,
      ],
    );
    if (inserted.affectedRows > 0) return { started: true };
    const { rows } = await this.#db.query<ActionRow>(
      'SELECT * FROM actions WHERE tenant = $1 AND idempotency_key = $2',
      [tenant, action.idempotencyKey],
    );
    const row = rows[0];
    if (!row) throw new Error(`idempotency key '${action.idempotencyKey}' conflicted but no action holds it`);
    return {
      started: false,
      holder:
        row.state === 'DONE'
          ? { state: 'DONE', fingerprint: row.fingerprint, action: toRecord(row) }
          : { state: 'RUNNING', actionId: row.action_id, fingerprint: row.fingerprint },
    };
  }

  async complete(
    tenant: string,
    actionId: string,
    outcome: { outcomeStatus: OutcomeStatus; result: Record<string, unknown>; completedAt: string },
  ): Promise<ActionRecord> {
    const { rows } = await this.#db.query<ActionRow>(
      `UPDATE actions SET state = 'DONE', outcome_status = $3, result = $4, completed_at = $5
       WHERE tenant = $1 AND action_id = $2 RETURNING *`,
      [tenant, actionId, outcome.outcomeStatus, JSON.stringify(outcome.result), outcome.completedAt],
    );
    if (!rows[0]) throw new Error(`action ${actionId} vanished while running`);
    return toRecord(rows[0]);
  }

  async get(tenant: string, actionId: string): Promise<ActionRecord | undefined> {
    const { rows } = await this.#db.query<ActionRow>(
      "SELECT * FROM actions WHERE tenant = $1 AND action_id = $2 AND state = 'DONE'",
      [tenant, actionId],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(tenant: string, filter: ActionFilter, page: PageRequest): Promise<PageSlice<ActionRecord>> {
    const params: unknown[] = [tenant];
    let where = "tenant = $1 AND state = 'DONE'";
    if (filter.planId !== undefined) {
      params.push(filter.planId);
      where += ` AND plan_id = $${params.length}`;
    }
    if (filter.rimNodeId !== undefined) {
      params.push(filter.rimNodeId);
      where += ` AND rim_node_id = $${params.length}`;
    }
    const count = await this.#db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM actions WHERE ${where}`,
      params,
    );
    const { rows } = await this.#db.query<ActionRow>(
      `SELECT * FROM actions WHERE ${where} ORDER BY created_at DESC, action_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.page * page.limit],
    );
    return { items: rows.map(toRecord), total: count.rows[0]?.total ?? 0 };
  }

  async markOutcomeQueued(tenant: string, actionId: string): Promise<void> {
    await this.#db.query('UPDATE actions SET outcome_queued = true WHERE tenant = $1 AND action_id = $2', [
      tenant,
      actionId,
    ]);
  }

  async unqueuedOutcomes(): Promise<{ tenant: string; action: ActionRecord }[]> {
    const { rows } = await this.#db.query<ActionRow>(
      "SELECT * FROM actions WHERE state = 'DONE' AND rim_node_id IS NOT NULL AND NOT outcome_queued ORDER BY completed_at",
    );
    return rows.map((row) => ({ tenant: row.tenant, action: toRecord(row) }));
  }

  async failInterrupted(at: string): Promise<number> {
    const result = await this.#db.query(
      `UPDATE actions SET state = 'DONE', outcome_status = 'FAILURE', completed_at = $1,
         result = '{"error": "interrupted: the service stopped while the action ran; it was not run again"}'::jsonb
       WHERE state = 'RUNNING'`,
      [at],
    );
    return result.affectedRows;
  }
}

function toRecord(row: ActionRow): ActionRecord {
  return {
    actionId: row.action_id,
    toolId: row.tool_id,
    parameters: row.parameters,
    executionMode: row.execution_mode,
    planId: row.plan_id,
    rimNodeId: row.rim_node_id,
    outcomeStatus: row.outcome_status ?? 'FAILURE',
    result: row.result ?? {},
    createdAt: iso(row.created_at),
    completedAt: iso(row.completed_at ?? row.created_at),
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
