import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { ActionRecord, ActionRequest, OutcomeStatus } from './action.ts';

/** An action about to run, recorded before it runs so an idempotency key is claimed first. */
export interface StartedAction extends ActionRequest {
  actionId: string;
  idempotencyKey: string | null;
  fingerprint: string;
  createdAt: string;
}

/** What is stored under an idempotency key: the action and whether it has finished. */
export type KeyHolder =
  | { state: 'RUNNING'; actionId: string; fingerprint: string }
  | { state: 'DONE'; fingerprint: string; action: ActionRecord };

/** Filters of an action listing. */
export interface ActionFilter {
  planId?: string | undefined;
  rimNodeId?: string | undefined;
}

/**
 * The action log. The SQL implementation serves the embedded profile; a Cassandra one (the
 * runbook's engine for SYNAPSE) will implement the same interface, `start` mapping onto a
 * lightweight transaction. Every method but the recovery ones is scoped to one tenant.
 */
export interface ActionLogStore {
  /** Records a running action; when its idempotency key is taken, returns the holder instead. */
  start(
    tenant: string,
    action: StartedAction,
  ): Promise<{ started: true } | { started: false; holder: KeyHolder }>;
  /** Records how a running action ended. */
  complete(
    tenant: string,
    actionId: string,
    outcome: { outcomeStatus: OutcomeStatus; result: Record<string, unknown>; completedAt: string },
  ): Promise<ActionRecord>;
  /** A finished action; running ones are not visible. */
  get(tenant: string, actionId: string): Promise<ActionRecord | undefined>;
  /** A page of finished actions, newest first. */
  list(tenant: string, filter: ActionFilter, page: PageRequest): Promise<PageSlice<ActionRecord>>;
  /** Notes that the action's outcome is in the outbox. */
  markOutcomeQueued(tenant: string, actionId: string): Promise<void>;
  /** Finished actions with a RIM node whose outcome never reached the outbox (a crash in between). */
  unqueuedOutcomes(): Promise<{ tenant: string; action: ActionRecord }[]>;
  /** Ends actions left running by a crash as FAILURE: they are never run again, so never twice. */
  failInterrupted(at: string): Promise<number>;
}
