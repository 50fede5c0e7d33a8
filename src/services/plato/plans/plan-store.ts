import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { Plan, PlanMode, PlanStatus, PlanStep } from './plan.ts';

/** Filters of a plan listing. */
export interface PlanFilter {
  rimNodeId?: string | undefined;
  status?: PlanStatus | undefined;
}

/**
 * Where plans and their steps live. Each step's progress is saved on its own, so an executing
 * plan's state survives a restart. Every method but `executing` is scoped to one tenant.
 */
export interface PlanStore {
  create(tenant: string, plan: Plan): Promise<void>;
  get(tenant: string, id: string): Promise<Plan | undefined>;
  /** A page of plans, newest first. */
  list(tenant: string, filter: PlanFilter, page: PageRequest): Promise<PageSlice<Plan>>;
  /** Moves a PENDING plan to EXECUTING in `mode`; false when it is not PENDING (another caller won). */
  claim(tenant: string, id: string, mode: PlanMode, at: string): Promise<boolean>;
  /** Saves one step's progress. */
  saveStep(tenant: string, planId: string, step: PlanStep, at: string): Promise<void>;
  /** Records the plan's final status. */
  finish(tenant: string, planId: string, status: PlanStatus, at: string): Promise<void>;
  /** Plans of every tenant left EXECUTING (interrupted by a stop), to resume. */
  executing(): Promise<{ tenant: string; id: string }[]>;
}
