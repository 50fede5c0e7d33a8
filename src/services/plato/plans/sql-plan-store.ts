import type { SqlClient } from '../../../engines/sql/index.ts';
import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { Plan, PlanMode, PlanStatus, PlanStep, StepAction, StepStatus } from './plan.ts';
import type { PlanFilter, PlanStore } from './plan-store.ts';

interface PlanRow {
  id: string;
  namespace: string;
  rim_node_id: string | null;
  status: PlanStatus;
  mode: PlanMode | null;
  created_at: Date | string;
  updated_at: Date | string;
}

interface StepRow {
  plan_id: string;
  name: string;
  action: StepAction;
  depends_on: string[];
  status: StepStatus;
  result: Record<string, unknown> | null;
  error: string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

/** PlanStore over SQL: a `plans` row per plan and a `plan_steps` row per step. */
export class SqlPlanStore implements PlanStore {
  readonly #db: SqlClient;

  constructor(db: SqlClient) {
    this.#db = db;
  }

  async create(tenant: string, plan: Plan): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO plans (tenant, id, namespace, rim_node_id, status, mode, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          tenant,
          plan.id,
          plan.namespace,
          plan.rimNodeId,
          plan.status,
          plan.mode,
          plan.createdAt,
          plan.updatedAt,
        ],
      );
      for (const [position, step] of plan.steps.entries()) {
        await tx.query(
          `INSERT INTO plan_steps (tenant, plan_id, position, name, action, depends_on, status, result, error, started_at, finished_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            tenant,
            plan.id,
            position,
            step.name,
            JSON.stringify(step.action),
            JSON.stringify(step.dependsOn),
            step.status,
            step.result === null ? null : JSON.stringify(step.result),
            step.error,
            step.startedAt,
            step.finishedAt,
          ],
        );
      }
    });
  }

  async get(tenant: string, id: string): Promise<Plan | undefined> {
    const { rows } = await this.#db.read<PlanRow>('SELECT * FROM plans WHERE tenant = $1 AND id = $2', [
      tenant,
      id,
    ]);
    return rows[0] ? (await this.#withSteps(tenant, rows))[0] : undefined;
  }

  async list(tenant: string, filter: PlanFilter, page: PageRequest): Promise<PageSlice<Plan>> {
    const params: unknown[] = [tenant];
    let where = 'tenant = $1';
    if (filter.rimNodeId !== undefined) {
      params.push(filter.rimNodeId);
      where += ` AND rim_node_id = $${params.length}`;
    }
    if (filter.status !== undefined) {
      params.push(filter.status);
      where += ` AND status = $${params.length}`;
    }
    const count = await this.#db.read<{ total: number }>(
      `SELECT count(*)::int AS total FROM plans WHERE ${where}`,
      params,
    );
    const { rows } = await this.#db.read<PlanRow>(
      `SELECT * FROM plans WHERE ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.page * page.limit],
    );
    return { items: await this.#withSteps(tenant, rows), total: count.rows[0]?.total ?? 0 };
  }

  async claim(tenant: string, id: string, mode: PlanMode, at: string): Promise<boolean> {
    const result = await this.#db.query(
      "UPDATE plans SET status = 'EXECUTING', mode = $3, updated_at = $4 WHERE tenant = $1 AND id = $2 AND status = 'PENDING'",
      [tenant, id, mode, at],
    );
    return result.affectedRows > 0;
  }

  async saveStep(tenant: string, planId: string, step: PlanStep, at: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `UPDATE plan_steps SET status = $4, result = $5, error = $6, started_at = $7, finished_at = $8
         WHERE tenant = $1 AND plan_id = $2 AND name = $3`,
        [
          tenant,
          planId,
          step.name,
          step.status,
          step.result === null ? null : JSON.stringify(step.result),
          step.error,
          step.startedAt,
          step.finishedAt,
        ],
      );
      await tx.query('UPDATE plans SET updated_at = $3 WHERE tenant = $1 AND id = $2', [tenant, planId, at]);
    });
  }

  async finish(tenant: string, planId: string, status: PlanStatus, at: string): Promise<void> {
    await this.#db.query('UPDATE plans SET status = $3, updated_at = $4 WHERE tenant = $1 AND id = $2', [
      tenant,
      planId,
      status,
      at,
    ]);
  }

  async executing(): Promise<{ tenant: string; id: string }[]> {
    const { rows } = await this.#db.query<{ tenant: string; id: string }>(
      "SELECT tenant, id FROM plans WHERE status = 'EXECUTING' ORDER BY updated_at",
    );
    return rows;
  }

  async #withSteps(tenant: string, plans: PlanRow[]): Promise<Plan[]> {
    if (plans.length === 0) return [];
    const { rows } = await this.#db.read<StepRow>(
      'SELECT * FROM plan_steps WHERE tenant = $1 AND plan_id = ANY($2::text[]) ORDER BY plan_id, position',
      [tenant, plans.map((plan) => plan.id)],
    );
    const steps = new Map<string, PlanStep[]>();
    for (const row of rows) {
      const list = steps.get(row.plan_id) ?? [];
      list.push(toStep(row));
      steps.set(row.plan_id, list);
    }
    return plans.map((row) => ({
      id: row.id,
      namespace: row.namespace,
      rimNodeId: row.rim_node_id,
      status: row.status,
      mode: row.mode,
      steps: steps.get(row.id) ?? [],
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    }));
  }
}

function toStep(row: StepRow): PlanStep {
  return {
    name: row.name,
    action: row.action,
    dependsOn: row.depends_on,
    status: row.status,
    result: row.result,
    error: row.error,
    startedAt: row.started_at === null ? null : iso(row.started_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
