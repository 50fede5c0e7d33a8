import type { CallContext } from '../../../kit/http/index.ts';

/** An action a plan step asks SYNAPSE to run. */
export interface ActionSubmission {
  toolId: string;
  parameters: Record<string, unknown>;
  executionMode: 'DRY_RUN' | 'EXECUTE';
  planId: string;
  rimNodeId?: string;
}

/** SYNAPSE's answer for an action. */
export interface SubmittedAction {
  actionId: string;
  outcomeStatus: 'SUCCESS' | 'FAILURE' | 'SIMULATED';
  result?: unknown;
}

/** SYNAPSE refused the action (a 4xx): retrying the same request will not help. */
export class ActionRejectedError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, code: string | undefined, message: string) {
    super(message);
    this.name = 'ActionRejectedError';
    this.status = status;
    this.code = code;
  }
}

/**
 * How the plan executor reaches SYNAPSE. The idempotency key makes a repeated submission (a
 * resumed plan) return the first action instead of running it again.
 */
export interface SynapsePort {
  submit(action: ActionSubmission, idempotencyKey: string, call: CallContext): Promise<SubmittedAction>;
}
