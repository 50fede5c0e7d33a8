import type { FastifyBaseLogger } from 'fastify';
import { backgroundCallContext } from '../../kit/http/index.ts';
import type { PeerClient } from '../../resilience/peer/index.ts';
import { deliveryVerdict, type DurableOutbox, type OutboxEntry } from '../../resilience/outbox/index.ts';
import type { PerceptionStore, Signal } from './perception-store.ts';

/** The outbox topic of capsules PERCEPTION asks CAPSULE to create, one per signal (key = signalId). */
export const CAPSULE_CREATIONS_TOPIC = 'capsule-creations';

/** The body of CAPSULE's `POST /api/v1/capsules`, as the inter-service contract fixes it for a signal. */
export interface CapsuleRequest {
  header: {
    scope: { scopeId: string; description: string };
    time: { centerTsUtc: string; deltaTSeconds: number; horizonSeconds: number };
    vantage: { mode: 'OBSERVER'; observerId: 'perception-api' };
  };
  configuration: { signalType: string; source: string };
  dynamics: { payload: Record<string, unknown> };
  meta: { signalId: string };
}

/** What the outbox holds for one signal. */
export interface CapsuleCreation {
  signalId: string;
  capsule: CapsuleRequest;
}

/** The capsule CAPSULE stores for a signal. */
export function capsuleRequestFor(signal: Signal): CapsuleRequest {
  return {
    header: {
      scope: {
        scopeId: signal.rimNodeId,
        description: `${signal.signalType} signal from ${signal.source}`.slice(0, 1024),
      },
      time: {
        centerTsUtc: new Date(signal.receivedAt).toISOString(),
        deltaTSeconds: 60,
        horizonSeconds: 3600,
      },
      vantage: { mode: 'OBSERVER', observerId: 'perception-api' },
    },
    configuration: { signalType: signal.signalType, source: signal.source },
    dynamics: { payload: signal.payload },
    meta: { signalId: signal.signalId },
  };
}

/** The idempotency key CAPSULE dedupes a signal's capsule by. */
export function capsuleIdempotencyKey(signalId: string): string {
  return `signal-${signalId}`;
}

/** Queues the capsule of a signal; a signal already queued is not queued twice. */
export function enqueueCapsuleCreation(
  outbox: DurableOutbox,
  signal: Signal,
  correlationId: string,
  now: number,
): boolean {
  const creation: CapsuleCreation = { signalId: signal.signalId, capsule: capsuleRequestFor(signal) };
  return outbox.enqueue({
    topic: CAPSULE_CREATIONS_TOPIC,
    key: signal.signalId,
    payload: creation,
    tenant: signal.tenant,
    correlationId,
    now,
  });
}

/**
 * Queues again the signals whose capsule is still PENDING in the store: a crash between
 * recording a signal and queueing its capsule would otherwise leave it without one. Safe to
 * repeat: the outbox ignores keys still queued and CAPSULE dedupes by idempotency key.
 */
export async function requeuePendingCapsules(
  store: PerceptionStore,
  outbox: DurableOutbox,
  now: number,
): Promise<number> {
  let queued = 0;
  for (const signal of await store.pendingSignals(10_000)) {
    if (enqueueCapsuleCreation(outbox, signal, `requeue-${signal.signalId}`, now)) queued += 1;
  }
  return queued;
}

/**
 * Delivers one queued capsule to CAPSULE and records the capsule id it answers with. A 202
 * (CAPSULE queued the write) is retried until the capsule is stored; a permanent refusal (the
 * outbox's delivery verdict) is recorded on the signal and not retried.
 */
export function capsuleDelivery(options: {
  store: PerceptionStore;
  capsule: Pick<PeerClient, 'post'>;
  log: FastifyBaseLogger;
}): (entry: OutboxEntry) => Promise<void> {
  const { store, capsule, log } = options;
  return async (entry) => {
    const creation = entry.payload as CapsuleCreation;
    const response = await capsule.post<{ capsuleId?: unknown; error?: { code?: string; message?: string } }>(
      '/api/v1/capsules',
      creation.capsule,
      backgroundCallContext(entry.tenant, entry.correlationId),
      { 'x-idempotency-key': capsuleIdempotencyKey(creation.signalId) },
    );
    if (response.status === 200 || response.status === 201) {
      const capsuleId = response.body?.capsuleId;
      if (typeof capsuleId === 'string' && capsuleId.length > 0) {
        await store.attachCapsule(entry.tenant, creation.signalId, capsuleId);
        return;
      }
      return refuse(`CAPSULE answered ${response.status} without a capsuleId`);
    }
    if (deliveryVerdict(response.status) === 'refused') {
      const error = response.body?.error;
      return refuse(
        `CAPSULE answered ${response.status}${error?.code ? ` ${error.code}` : ''}: ${error?.message ?? 'no reason given'}`,
      );
    }
    throw new Error(`CAPSULE answered ${response.status}`);

    async function refuse(reason: string): Promise<void> {
      log.error(
        { signalId: creation.signalId, tenant: entry.tenant, reason },
        'capsule for signal refused; not retried',
      );
      await store.rejectCapsule(entry.tenant, creation.signalId, reason);
    }
  };
}
