/**
 * The state PERCEPTION keeps per RIM node, and the rules that move it. Pure functions: the
 * store applies them inside a transaction, so every engine moves a node the same way.
 */

/** OBSERVED: a signal came in and no outcome followed it yet. ACTIVE: an outcome came back after the latest signal. */
export type NodeStatus = 'ACTIVE' | 'OBSERVED';

/** The latest action outcome SYNAPSE reported for a node. */
export interface OutcomeSummary {
  actionId: string;
  outcomeStatus: string;
  toolId: string;
  planId: string | null;
  /** When the action completed (SYNAPSE's clock), epoch ms. */
  completedAt: number;
  /** When PERCEPTION received the report, epoch ms. */
  receivedAt: number;
}

/** One RIM node's state within a tenant. */
export interface NodeState {
  tenant: string;
  rimNodeId: string;
  status: NodeStatus;
  /** Epoch ms of the latest signal; null for a node known only from an outcome. */
  lastSignalAt: number | null;
  lastSignalId: string | null;
  /** The capsule of the most recent signal CAPSULE has confirmed. */
  capsuleId: string | null;
  /** Epoch ms of the signal `capsuleId` belongs to, so an older confirmation never replaces a newer one. */
  capsuleSignalAt: number | null;
  lastOutcome: OutcomeSummary | null;
}

/** A signal, as far as node state cares. */
export interface SignalMark {
  tenant: string;
  rimNodeId: string;
  signalId: string;
  receivedAt: number;
}

/**
 * ACTIVE only when the latest outcome completed strictly after the latest signal: an outcome
 * delayed by a partition must not mark a node ACTIVE for a signal that arrived after the action.
 */
export function statusOf(lastSignalAt: number | null, lastOutcome: OutcomeSummary | null): NodeStatus {
  if (!lastOutcome) return 'OBSERVED';
  return lastSignalAt === null || lastOutcome.completedAt > lastSignalAt ? 'ACTIVE' : 'OBSERVED';
}

/** The node after a signal: the latest signal moves forward, never back. */
export function afterSignal(state: NodeState | undefined, signal: SignalMark): NodeState {
  const base = state ?? emptyState(signal.tenant, signal.rimNodeId);
  const newer = base.lastSignalAt === null || signal.receivedAt >= base.lastSignalAt;
  const lastSignalAt = newer ? signal.receivedAt : base.lastSignalAt;
  const lastSignalId = newer ? signal.signalId : base.lastSignalId;
  return { ...base, lastSignalAt, lastSignalId, status: statusOf(lastSignalAt, base.lastOutcome) };
}

/** The node after CAPSULE confirmed the capsule of a signal received at `signalAt`. */
export function afterCapsule(state: NodeState, capsuleId: string, signalAt: number): NodeState {
  if (state.capsuleSignalAt !== null && signalAt < state.capsuleSignalAt) return state;
  return { ...state, capsuleId, capsuleSignalAt: signalAt };
}

/**
 * The node after an outcome. A node PERCEPTION never saw a signal for is created: SYNAPSE's
 * outbox would otherwise retry the report forever. An outcome older than the one held is
 * recorded elsewhere but does not replace `lastOutcome`.
 */
export function afterOutcome(
  state: NodeState | undefined,
  tenant: string,
  rimNodeId: string,
  outcome: OutcomeSummary,
): NodeState {
  const base = state ?? emptyState(tenant, rimNodeId);
  const newer = base.lastOutcome === null || outcome.completedAt >= base.lastOutcome.completedAt;
  const lastOutcome = newer ? outcome : base.lastOutcome;
  return { ...base, lastOutcome, status: statusOf(base.lastSignalAt, lastOutcome) };
}

function emptyState(tenant: string, rimNodeId: string): NodeState {
  return {
    tenant,
    rimNodeId,
    status: 'OBSERVED',
    lastSignalAt: null,
    lastSignalId: null,
    capsuleId: null,
    capsuleSignalAt: null,
    lastOutcome: null,
  };
}
