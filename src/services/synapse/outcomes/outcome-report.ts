import type { ActionRecord } from '../actions/action.ts';

/** The outbox topic of outcome reports to PERCEPTION. */
export const OUTCOME_TOPIC = 'perception-outcomes';

/** The body of PERCEPTION's `POST /api/v1/outcomes`. */
export interface OutcomeReport {
  actionId: string;
  rimNodeId: string;
  toolId: string;
  outcomeStatus: string;
  planId?: string;
  completedAt: string;
}

/** The report for an action, or undefined when it has no RIM node (only node actions are reported). */
export function outcomeReportOf(action: ActionRecord): OutcomeReport | undefined {
  if (action.rimNodeId === null) return undefined;
  return {
    actionId: action.actionId,
    rimNodeId: action.rimNodeId,
    toolId: action.toolId,
    outcomeStatus: action.outcomeStatus,
    ...(action.planId !== null ? { planId: action.planId } : {}),
    completedAt: action.completedAt,
  };
}
