import { randomUUID } from 'node:crypto';
import { IdempotencyConflictError, NotFoundError } from '../../kit/errors/index.ts';
import type { Page, PageRequest } from '../../kit/http/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { DurableOutbox } from '../../resilience/outbox/index.ts';
import { enqueueCapsuleCreation } from './capsule-creation.ts';
import type { NodeState } from './node-state.ts';
import type { Outcome, PerceptionStore, Signal } from './perception-store.ts';

/** A signal as a client sends it. */
export interface SignalInput {
  signalType: string;
  source: string;
  rimNodeId: string;
  payload: Record<string, unknown>;
  metadata?: Record<string, unknown> | undefined;
}

/** An outcome as SYNAPSE reports it. */
export interface OutcomeInput {
  actionId: string;
  rimNodeId: string;
  toolId: string;
  outcomeStatus: string;
  planId?: string | null | undefined;
  completedAt: string;
}

/** PERCEPTION's domain: takes signals in, keeps node state, and closes the loop with outcomes. */
export class Perception {
  readonly #store: PerceptionStore;
  readonly #outbox: DurableOutbox;
  readonly #clock: Clock;
  readonly #onQueued: () => void;

  constructor(options: {
    store: PerceptionStore;
    outbox: DurableOutbox;
    clock: Clock;
    onQueued?: () => void;
  }) {
    this.#store = options.store;
    this.#outbox = options.outbox;
    this.#clock = options.clock;
    this.#onQueued = options.onQueued ?? (() => {});
  }

  /**
   * Records a signal, moves its node to OBSERVED and queues its capsule for CAPSULE. The signal
   * is stored before it is queued, so a crash in between leaves a PENDING signal that startup
   * queues again — never a capsule for a signal nobody recorded.
   */
  async acceptSignal(tenant: string, input: SignalInput, correlationId: string): Promise<Signal> {
    const signal: Signal = {
      tenant,
      signalId: randomUUID(),
      rimNodeId: input.rimNodeId,
      signalType: input.signalType,
      source: input.source,
      payload: input.payload,
      metadata: input.metadata ?? {},
      receivedAt: this.#clock.now(),
      capsuleId: null,
      capsuleStatus: 'PENDING',
      capsuleError: null,
    };
    await this.#store.recordSignal(signal);
    enqueueCapsuleCreation(this.#outbox, signal, correlationId, this.#clock.now());
    this.#onQueued();
    return signal;
  }

  /** A signal of the tenant, or NotFoundError. */
  async signal(tenant: string, signalId: string): Promise<Signal> {
    const signal = await this.#store.findSignal(tenant, signalId);
    if (!signal) throw new NotFoundError('signal', signalId);
    return signal;
  }

  /** The tenant's signals, newest first. */
  listSignals(
    tenant: string,
    query: PageRequest & { rimNodeId?: string | undefined },
  ): Promise<Page<Signal>> {
    return this.#store.listSignals(tenant, query);
  }

  /** A node's state, or NotFoundError (also for another tenant's node). */
  async state(tenant: string, rimNodeId: string): Promise<NodeState> {
    const state = await this.#store.findNodeState(tenant, rimNodeId);
    if (!state) throw new NotFoundError('RIM node', rimNodeId);
    return state;
  }

  /**
   * Records an action's outcome once per (tenant, actionId). A replay of the same report is a
   * duplicate, answered as accepted; the same actionId with a different report is a conflict.
   */
  async recordOutcome(tenant: string, input: OutcomeInput): Promise<{ duplicate: boolean }> {
    const outcome: Outcome = {
      tenant,
      actionId: input.actionId,
      rimNodeId: input.rimNodeId,
      toolId: input.toolId,
      outcomeStatus: input.outcomeStatus,
      planId: input.planId ?? null,
      completedAt: Date.parse(input.completedAt),
      receivedAt: this.#clock.now(),
    };
    const record = await this.#store.recordOutcome(outcome);
    if (!record.duplicate) return { duplicate: false };
    const { existing } = record;
    const same =
      existing.rimNodeId === outcome.rimNodeId &&
      existing.toolId === outcome.toolId &&
      existing.outcomeStatus === outcome.outcomeStatus &&
      existing.planId === outcome.planId &&
      existing.completedAt === outcome.completedAt;
    if (!same) throw new IdempotencyConflictError(outcome.actionId);
    return { duplicate: true };
  }
}
