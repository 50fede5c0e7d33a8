import { randomUUID } from 'node:crypto';
import { IdempotencyConflictError, WriteUnavailableError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { announcementOf, newCapsule, normaliseContent, type StoredCapsule } from './capsule.ts';
import type { Announcer } from './announcer.ts';
import type { CapsuleStore, IdempotencyClaim } from './capsule-store.ts';
import type { CapsuleContent } from './schemas.ts';
import type { CapsuleWriteQueue, QueuedWrite } from './capsule-write-queue.ts';
import { requestFingerprint } from './request-fingerprint.ts';

/** Who a write is for and what it carries along. */
export interface WriteRequest {
  tenant: string;
  correlationId: string;
  content: CapsuleContent;
  idempotencyKey?: string | undefined;
}

/**
 * What a write did: `created` stored the capsule, `replayed` found the idempotency key already
 * used for this request, `queued` accepted it into the durable queue because the store could not
 * take writes (the capsule is answered as it will be stored).
 */
export interface WriteResult {
  capsule: StoredCapsule;
  outcome: 'created' | 'replayed' | 'queued';
}

/**
 * Stores capsules: at most one per idempotency key and tenant, each announced to ODYSSEY
 * after the store write and before the client is answered. With a write queue, a write the
 * store cannot take (BFY_ERR_WRITE_UNAVAILABLE: Cassandra's quorum lost) is queued durably instead.
 */
export class CapsuleWriter {
  readonly #store: CapsuleStore;
  readonly #announcer: Announcer;
  readonly #clock: Clock;
  readonly #queue: CapsuleWriteQueue | undefined;

  constructor(store: CapsuleStore, announcer: Announcer, clock: Clock, queue?: CapsuleWriteQueue) {
    this.#store = store;
    this.#announcer = announcer;
    this.#clock = clock;
    this.#queue = queue;
  }

  /**
   * Stores a capsule. A replay of a key with the same body returns the first capsule; with a
   * different body it is an IdempotencyConflictError. A replay announces again: that closes the
   * window where a crash fell between the store write and the enqueue, and ODYSSEY deduplicates.
   * A key whose write is still queued answers from the queue, so the client keeps one capsule id.
   */
  async write(request: WriteRequest): Promise<WriteResult> {
    const content = normaliseContent(request.content);
    const capsule = newCapsule(content, randomUUID(), this.#clock.now());
    const claim = request.idempotencyKey
      ? { key: request.idempotencyKey, requestFingerprint: requestFingerprint(content) }
      : undefined;
    const pending = claim ? this.#queue?.pending(request.tenant, claim.key) : undefined;
    if (pending) return this.#queuedAnswer(pending, claim);

    let outcome;
    try {
      outcome = await this.#store.save(request.tenant, capsule, claim);
    } catch (error) {
      if (!(error instanceof WriteUnavailableError) || !this.#queue) throw error;
      const queued = this.#queue.enqueue(request.tenant, request.correlationId, {
        capsule,
        ...(claim ? { claim } : {}),
      });
      return this.#queuedAnswer(queued, claim);
    }
    if (outcome.kind === 'claimed' && outcome.requestFingerprint !== claim?.requestFingerprint) {
      throw new IdempotencyConflictError(claim?.key ?? '');
    }
    await this.#announcer.announce(request.tenant, request.correlationId, announcementOf(outcome.capsule));
    // The store takes writes again: whatever is still queued should not wait for the next backoff.
    this.#queue?.nudge();
    return { capsule: outcome.capsule, outcome: outcome.kind === 'created' ? 'created' : 'replayed' };
  }

  #queuedAnswer(queued: QueuedWrite, claim: IdempotencyClaim | undefined): WriteResult {
    if (claim && queued.claim?.requestFingerprint !== claim.requestFingerprint) {
      throw new IdempotencyConflictError(claim.key);
    }
    return { capsule: queued.capsule, outcome: 'queued' };
  }
}
