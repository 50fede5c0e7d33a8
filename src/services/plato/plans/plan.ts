/** What a plan step does: check governance, run a tool through SYNAPSE, or record a note. */
export const STEP_TYPES = ['VALIDATE', 'EXECUTE', 'RECORD'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** How a plan runs: DRY_RUN sends EXECUTE steps to SYNAPSE as dry runs (no side effects). */
export const PLAN_MODES = ['DRY_RUN', 'EXECUTE'] as const;
export type PlanMode = (typeof PLAN_MODES)[number];

/** A plan's life: PENDING → EXECUTING → COMPLETED | PARTIAL | FAILED. */
export const PLAN_STATUSES = ['PENDING', 'EXECUTING', 'COMPLETED', 'PARTIAL', 'FAILED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * A step's life: PENDING → RUNNING → SUCCEEDED | FAILED | BLOCKED (needs approval), or
 * SKIPPED when a step it depends on did not succeed.
 */
export const STEP_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'BLOCKED', 'SKIPPED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A step's action. */
export interface StepAction {
  type: StepType;
  toolId?: string | undefined;
  parameters?: Record<string, unknown> | undefined;
}

/** A step as submitted. */
export interface StepSpec {
  name: string;
  action: StepAction;
  dependsOn: string[];
}

/** A step with its progress. */
export interface PlanStep extends StepSpec {
  status: StepStatus;
  result: Record<string, unknown> | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A stored plan. */
export interface Plan {
  id: string;
  namespace: string;
  rimNodeId: string | null;
  status: PlanStatus;
  mode: PlanMode | null;
  steps: PlanStep[];
  createdAt: string;
  updatedAt: string;
}

/** The steps' statuses a finished plan can end in, and what they add up to. */
export function finalStatusOf(
  steps: readonly Pick<PlanStep, 'status'>[],
): Extract<PlanStatus, 'COMPLETED' | 'PARTIAL' | 'FAILED'> {
  const succeeded = steps.filter((step) => step.status === 'SUCCEEDED').length;
  if (succeeded === steps.length) return 'COMPLETED';
  if (succeeded === 0) return 'FAILED';
  return 'PARTIAL';
}

/** True once a step will not change again. */
export function isSettled(status: StepStatus): boolean {
  return status !== 'PENDING' && status !== 'RUNNING';
}

/** The idempotency key SYNAPSE sees for a step, so a re-run never executes it twice. */
export function stepIdempotencyKey(planId: string, stepName: string): string {
  return `plan-${planId}-step-${stepName}`;
}
