import type { Page, PageRequest } from '../../kit/http/index.ts';
import type { NodeState, OutcomeSummary } from './node-state.ts';

/** Where a signal's capsule stands: queued for CAPSULE, created there, or refused by it for good. */
export type CapsuleStatus = 'PENDING' | 'CREATED' | 'REJECTED';

/** A recorded signal. */
export interface Signal {
  tenant: string;
  signalId: string;
  rimNodeId: string;
  signalType: string;
  source: string;
  payload: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** Epoch ms; also the capsule's centre time. */
  receivedAt: number;
  capsuleId: string | null;
  capsuleStatus: CapsuleStatus;
  /** Why CAPSULE refused the capsule, when it did. */
  capsuleError: string | null;
}

/** An action outcome as SYNAPSE reports it. */
export interface Outcome extends OutcomeSummary {
  tenant: string;
  rimNodeId: string;
}

/** What recording an outcome did: stored it, or found the same action already reported. */
export type OutcomeRecord = { duplicate: false } | { duplicate: true; existing: Outcome };

/**
 * PERCEPTION's data: signals, RIM node states and outcomes, every row keyed by tenant. The SQL
 * implementation runs on PGlite and PostgreSQL; state transitions come from `node-state.ts`.
 */
export interface PerceptionStore {
  /** Records a new signal and moves its node's state, atomically. */
  recordSignal(signal: Signal): Promise<NodeState>;
  /** Notes the capsule CAPSULE created for a signal, on the signal and on its node. */
  attachCapsule(tenant: string, signalId: string, capsuleId: string): Promise<void>;
  /** Notes that CAPSULE refused a signal's capsule for good (it will not be retried). */
  rejectCapsule(tenant: string, signalId: string, reason: string): Promise<void>;
  findSignal(tenant: string, signalId: string): Promise<Signal | undefined>;
  /** Signals newest first, optionally of one node. */
  listSignals(tenant: string, query: PageRequest & { rimNodeId?: string | undefined }): Promise<Page<Signal>>;
  /** Signals of every tenant whose capsule is still PENDING, oldest first (re-queued at startup). */
  pendingSignals(limit: number): Promise<Signal[]>;
  findNodeState(tenant: string, rimNodeId: string): Promise<NodeState | undefined>;
  /** Records an outcome once per (tenant, actionId) and moves its node's state, atomically. */
  recordOutcome(outcome: Outcome): Promise<OutcomeRecord>;
}
