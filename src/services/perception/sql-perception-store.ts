import type { SqlClient, SqlExecutor } from '../../engines/sql/index.ts';
import { toPage, type Page, type PageRequest } from '../../kit/http/index.ts';
import {
  afterCapsule,
  afterOutcome,
  afterSignal,
  type NodeState,
  type NodeStatus,
  type OutcomeSummary,
} from './node-state.ts';
import type { CapsuleStatus, Outcome, OutcomeRecord, PerceptionStore, Signal } from './perception-store.ts';

interface SignalRow {
  tenant: string;
  signal_id: string;
  rim_node_id: string;
  signal_type: string;
  source: string;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
  received_at: Date;
  capsule_id: string | null;
  capsule_status: CapsuleStatus;
  capsule_error: string | null;
}

interface NodeStateRow {
  tenant: string;
  rim_node_id: string;
  status: NodeStatus;
  last_signal_at: Date | null;
  last_signal_id: string | null;
  capsule_id: string | null;
  capsule_signal_at: Date | null;
  last_outcome: OutcomeSummary | null;
}

interface OutcomeRow {
  tenant: string;
  action_id: string;
  rim_node_id: string;
  tool_id: string;
  outcome_status: string;
  plan_id: string | null;
  completed_at: Date;
  received_at: Date;
}

const NODE_STATE_SELECT =
  'SELECT tenant, rim_node_id, status, last_signal_at, last_signal_id, capsule_id, capsule_signal_at, last_outcome FROM node_states';

const SIGNAL_COLUMNS =
  'tenant, signal_id, rim_node_id, signal_type, source, payload, metadata, received_at, capsule_id, capsule_status, capsule_error';

/** PERCEPTION's store over SQL (PGlite in the embedded profile, PostgreSQL through Patroni on local); pure reads may come from a replica. */
export class SqlPerceptionStore implements PerceptionStore {
  readonly #db: SqlClient;

  constructor(db: SqlClient) {
    this.#db = db;
  }

  async recordSignal(signal: Signal): Promise<NodeState> {
    return this.#db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO signals (${SIGNAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          signal.tenant,
          signal.signalId,
          signal.rimNodeId,
          signal.signalType,
          signal.source,
          signal.payload,
          signal.metadata,
          new Date(signal.receivedAt),
          signal.capsuleId,
          signal.capsuleStatus,
          signal.capsuleError,
        ],
      );
      const state = afterSignal(await lockNodeState(tx, signal.tenant, signal.rimNodeId), signal);
      await writeNodeState(tx, state);
      return state;
    });
  }

  async attachCapsule(tenant: string, signalId: string, capsuleId: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const { rows } = await tx.query<{ rim_node_id: string; received_at: Date }>(
        `UPDATE signals SET capsule_id = $3, capsule_status = 'CREATED', capsule_error = NULL
          WHERE tenant = $1 AND signal_id = $2 RETURNING rim_node_id, received_at`,
        [tenant, signalId, capsuleId],
      );
      const signal = rows[0];
      if (!signal) return;
      const state = await lockNodeState(tx, tenant, signal.rim_node_id);
      if (state) await writeNodeState(tx, afterCapsule(state, capsuleId, signal.received_at.getTime()));
    });
  }

  async rejectCapsule(tenant: string, signalId: string, reason: string): Promise<void> {
    await this.#db.query(
      `UPDATE signals SET capsule_status = 'REJECTED', capsule_error = $3 WHERE tenant = $1 AND signal_id = $2 AND capsule_status = 'PENDING'`,
      [tenant, signalId, reason.slice(0, 500)],
    );
  }

  async findSignal(tenant: string, signalId: string): Promise<Signal | undefined> {
    const { rows } = await this.#db.read<SignalRow>(
      `SELECT ${SIGNAL_COLUMNS} FROM signals WHERE tenant = $1 AND signal_id = $2`,
      [tenant, signalId],
    );
    return rows[0] && toSignal(rows[0]);
  }

  async listSignals(
    tenant: string,
    query: PageRequest & { rimNodeId?: string | undefined },
  ): Promise<Page<Signal>> {
    const filter = query.rimNodeId === undefined ? 'tenant = $1' : 'tenant = $1 AND rim_node_id = $2';
    const params = query.rimNodeId === undefined ? [tenant] : [tenant, query.rimNodeId];
    const count = await this.#db.read<{ total: number }>(
      `SELECT count(*)::int AS total FROM signals WHERE ${filter}`,
      params,
    );
    const { rows } = await this.#db.read<SignalRow>(
      `SELECT ${SIGNAL_COLUMNS} FROM signals WHERE ${filter} ORDER BY received_at DESC, seq DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.page * query.limit],
    );
    return toPage(rows.map(toSignal), Number(count.rows[0]?.total ?? 0), query.page, query.limit);
  }

  async pendingSignals(limit: number): Promise<Signal[]> {
    const { rows } = await this.#db.query<SignalRow>(
      `SELECT ${SIGNAL_COLUMNS} FROM signals WHERE capsule_status = 'PENDING' ORDER BY received_at, seq LIMIT $1`,
      [limit],
    );
    return rows.map(toSignal);
  }

  async findNodeState(tenant: string, rimNodeId: string): Promise<NodeState | undefined> {
    const { rows } = await this.#db.read<NodeStateRow>(
      `${NODE_STATE_SELECT} WHERE tenant = $1 AND rim_node_id = $2`,
      [tenant, rimNodeId],
    );
    return rows[0] && toNodeState(rows[0]);
  }

  async recordOutcome(outcome: Outcome): Promise<OutcomeRecord> {
    return this.#db.transaction(async (tx): Promise<OutcomeRecord> => {
      const inserted = await tx.query(
        `INSERT INTO outcomes (tenant, action_id, rim_node_id, tool_id, outcome_status, plan_id, completed_at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant, action_id) DO NOTHING RETURNING action_id`,
        [
          outcome.tenant,
          outcome.actionId,
          outcome.rimNodeId,
          outcome.toolId,
          outcome.outcomeStatus,
          outcome.planId,
          new Date(outcome.completedAt),
          new Date(outcome.receivedAt),
        ],
      );
      if (inserted.rows.length === 0) {
        const { rows } = await tx.query<OutcomeRow>(
          'SELECT * FROM outcomes WHERE tenant = $1 AND action_id = $2',
          [outcome.tenant, outcome.actionId],
        );
        return { duplicate: true, existing: toOutcome(rows[0]!) };
      }
      const { tenant, rimNodeId, ...summary } = outcome;
      const state = afterOutcome(await lockNodeState(tx, tenant, rimNodeId), tenant, rimNodeId, summary);
      await writeNodeState(tx, state);
      return { duplicate: false };
    });
  }
}

/**
 * Reads a node's state for update. A placeholder row is inserted first (inside the transaction,
 * so nobody sees it) because PostgreSQL cannot lock a row that does not exist yet: without it
 * two first signals for a node could both start from "unknown".
 */
async function lockNodeState(
  tx: SqlExecutor,
  tenant: string,
  rimNodeId: string,
): Promise<NodeState | undefined> {
  const placeholder = await tx.query(
    `INSERT INTO node_states (tenant, rim_node_id, status) VALUES ($1, $2, 'OBSERVED') ON CONFLICT (tenant, rim_node_id) DO NOTHING RETURNING tenant`,
    [tenant, rimNodeId],
  );
  if (placeholder.rows.length > 0) return undefined;
  const { rows } = await tx.query<NodeStateRow>(
    `${NODE_STATE_SELECT} WHERE tenant = $1 AND rim_node_id = $2 FOR UPDATE`,
    [tenant, rimNodeId],
  );
  return rows[0] && toNodeState(rows[0]);
}

function toNodeState(row: NodeStateRow): NodeState {
  return {
    tenant: row.tenant,
    rimNodeId: row.rim_node_id,
    status: row.status,
    lastSignalAt: row.last_signal_at?.getTime() ?? null,
    lastSignalId: row.last_signal_id,
    capsuleId: row.capsule_id,
    capsuleSignalAt: row.capsule_signal_at?.getTime() ?? null,
    lastOutcome: row.last_outcome,
  };
}

async function writeNodeState(tx: SqlExecutor, state: NodeState): Promise<void> {
  await tx.query(
    `UPDATE node_states SET status = $3, last_signal_at = $4, last_signal_id = $5, capsule_id = $6, capsule_signal_at = $7,
            last_outcome = $8, updated_at = now()
      WHERE tenant = $1 AND rim_node_id = $2`,
    [
      state.tenant,
      state.rimNodeId,
      state.status,
      state.lastSignalAt === null ? null : new Date(state.lastSignalAt),
      state.lastSignalId,
      state.capsuleId,
      state.capsuleSignalAt === null ? null : new Date(state.capsuleSignalAt),
      state.lastOutcome,
    ],
  );
}

function toSignal(row: SignalRow): Signal {
  return {
    tenant: row.tenant,
    signalId: row.signal_id,
    rimNodeId: row.rim_node_id,
    signalType: row.signal_type,
    source: row.source,
    payload: row.payload,
    metadata: row.metadata,
    receivedAt: row.received_at.getTime(),
    capsuleId: row.capsule_id,
    capsuleStatus: row.capsule_status,
    capsuleError: row.capsule_error,
  };
}

function toOutcome(row: OutcomeRow): Outcome {
  return {
    tenant: row.tenant,
    actionId: row.action_id,
    rimNodeId: row.rim_node_id,
    toolId: row.tool_id,
    outcomeStatus: row.outcome_status,
    planId: row.plan_id,
    completedAt: row.completed_at.getTime(),
    receivedAt: row.received_at.getTime(),
  };
}
