import type { Clock } from '../../kit/time/index.ts';
import type { DurableOutbox, OutboxEntry, OutboxRelay } from '../../resilience/outbox/index.ts';
import { announcementOf, type StoredCapsule } from './capsule.ts';
import type { CapsuleStore, IdempotencyClaim } from './capsule-store.ts';
import type { Announcer } from './announcer.ts';

/** The outbox topic of capsule writes the store could not take (Cassandra quorum lost). */
export const QUEUED_WRITE_TOPIC = 'capsule-writes';

/** A write acknowledged with 202: the capsule exactly as answered (id, createdAt) and its claim. */
export interface QueuedWrite {
  capsule: StoredCapsule;
  claim?: IdempotencyClaim;
}

/** What a replay that met a different request under the same idempotency key reports. */
export interface ReplayConflict {
  tenant: string;
  queued: QueuedWrite;
  claimedBy: StoredCapsule;
}

// One queued write per idempotency key and tenant, so a client's retry during the outage finds
// the write it was already answered for; writes without a key are one entry per capsule.
function queueKey(tenant: string, capsule: StoredCapsule, claim: IdempotencyClaim | undefined): string {
  return claim ? `key:${tenant}:${claim.key}` : `capsule:${capsule.capsuleId}`;
}

/**
 * Writes accepted while Cassandra has no quorum: kept in the service's durable outbox (on disk
 * before the client hears 202) and replayed in order by its relay once the quorum is back.
 */
export class CapsuleWriteQueue {
  readonly #outbox: DurableOutbox;
  readonly #relay: Pick<OutboxRelay, 'nudge'>;
  readonly #clock: Clock;

  constructor(outbox: DurableOutbox, relay: Pick<OutboxRelay, 'nudge'>, clock: Clock) {
    this.#outbox = outbox;
    this.#relay = relay;
    this.#clock = clock;
  }

  /** The write still queued under this tenant's idempotency key, if any. */
  pending(tenant: string, key: string): QueuedWrite | undefined {
    const entry = this.#outbox.find(QUEUED_WRITE_TOPIC, `key:${tenant}:${key}`);
    return entry ? (entry.payload as QueuedWrite) : undefined;
  }

  /** Queues a write durably; returns the write now queued under its key (an earlier one wins). */
  enqueue(tenant: string, correlationId: string, write: QueuedWrite): QueuedWrite {
    const key = queueKey(tenant, write.capsule, write.claim);
    this.#outbox.enqueue({
      topic: QUEUED_WRITE_TOPIC,
      key,
      payload: write,
      tenant,
      correlationId,
      now: this.#clock.now(),
    });
    return (this.#outbox.find(QUEUED_WRITE_TOPIC, key)?.payload as QueuedWrite | undefined) ?? write;
  }

  /** Asks the relay to try the queue now, e.g. when a direct write just succeeded again. */
  nudge(): void {
    this.#relay.nudge();
  }
}

/**
 * Replays one queued write: the store write with the capsule as acknowledged — same id, same
 * `createdAt`, hence the same write timestamp, so a late replay never overwrites newer cells —
 * under its original idempotency claim, then the announcement to ODYSSEY. Throwing (the quorum is
 * still lost) leaves it queued and stops the batch, so order holds.
 */
export function queuedWriteReplay(
  store: CapsuleStore,
  announcer: Announcer,
  onConflict: (conflict: ReplayConflict) => void,
) {
  return async (entry: OutboxEntry): Promise<void> => {
    const queued = entry.payload as QueuedWrite;
    const outcome = await store.save(entry.tenant, queued.capsule, queued.claim);
    if (outcome.kind === 'claimed' && outcome.capsule.capsuleId !== queued.capsule.capsuleId) {
      // Another instance took the key during the outage: first writer wins, as with any key reuse.
      onConflict({ tenant: entry.tenant, queued, claimedBy: outcome.capsule });
      return;
    }
    await announcer.announce(entry.tenant, entry.correlationId, announcementOf(outcome.capsule));
  };
}
