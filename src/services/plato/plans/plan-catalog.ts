import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../../kit/errors/index.ts';
import { pageOf, type Page, type PageRequest } from '../../../kit/http/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import type { Plan, StepSpec } from './plan.ts';
import { checkPlanGraph } from './plan-graph.ts';
import type { PlanFilter, PlanStore } from './plan-store.ts';

/** A plan as a client submits it. */
export interface NewPlan {
  namespace: string;
  rimNodeId?: string | undefined;
  steps: StepSpec[];
}

/** Creating, reading and listing a tenant's plans (execution is the PlanExecutor's). */
export class PlanCatalog {
  readonly #store: PlanStore;
  readonly #clock: Clock;

  constructor(store: PlanStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Checks the step graph and stores the plan as PENDING. */
  async create(tenant: string, input: NewPlan): Promise<Plan> {
    checkPlanGraph(input.steps);
    const now = new Date(this.#clock.now()).toISOString();
    const plan: Plan = {
      id: randomUUID(),
      namespace: input.namespace,
      rimNodeId: input.rimNodeId ?? null,
      status: 'PENDING',
      mode: null,
      steps: input.steps.map((step) => ({
        name: step.name,
        action: step.action,
        dependsOn: step.dependsOn,
        status: 'PENDING',
        result: null,
        error: null,
        startedAt: null,
        finishedAt: null,
      })),
      createdAt: now,
      updatedAt: now,
    };
    await this.#store.create(tenant, plan);
    return plan;
  }

  /** One plan of the tenant; NotFoundError otherwise. */
  async get(tenant: string, id: string): Promise<Plan> {
    const plan = await this.#store.get(tenant, id);
    if (!plan) throw new NotFoundError('plan', id);
    return plan;
  }

  /** A page of the tenant's plans, newest first. */
  async list(tenant: string, filter: PlanFilter, page: PageRequest): Promise<Page<Plan>> {
    return pageOf(await this.#store.list(tenant, filter, page), page);
  }
}
