/** How far an action may go: DRY_RUN runs nothing, SANDBOX runs the tool without touching peers, EXECUTE runs it for real. */
export const EXECUTION_MODES = ['DRY_RUN', 'SANDBOX', 'EXECUTE'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];

/** How an action ended. DRY_RUN always ends SIMULATED. */
export const OUTCOME_STATUSES = ['SUCCESS', 'FAILURE', 'SIMULATED'] as const;
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** An action as requested. */
export interface ActionRequest {
  toolId: string;
  parameters: Record<string, unknown>;
  executionMode: ExecutionMode;
  planId: string | null;
  rimNodeId: string | null;
}

/** An action that ran: what was asked and how it ended. */
export interface ActionRecord extends ActionRequest {
  actionId: string;
  outcomeStatus: OutcomeStatus;
  result: Record<string, unknown>;
  createdAt: string;
  completedAt: string;
}
