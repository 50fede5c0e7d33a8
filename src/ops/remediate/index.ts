export { planFor, type PlanStep, type RemediationPlan, type StepAction } from './plans.ts';
export { runPlan, STEP_DEADLINE_MS, type RunPlanOptions, type StepOutcome } from './run-plan.ts';
export { applyLocal, LOCAL_STEP_ACTIONS, type StepContext } from './step-actions.ts';
export { checkStep, type CheckResult } from './step-checks.ts';
