import { randomUUID } from 'node:crypto';
import { IdempotencyConflictError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import {
  announcementOf,
  newCapsule,
  normaliseContent,
  type CapsuleAnnouncement,
  type StoredCapsule,
} from './capsule.ts';
import type { CapsuleStore } from './capsule-store.ts';
import type { CapsuleContent } from './schemas.ts';
import { requestFingerprint } from './request-fingerprint.ts';

/** Who a write is for and what it carries along. */
export interface WriteRequest {
  tenant: string;
  correlationId: string;
  content: CapsuleContent;
  idempotencyKey?: string | undefined;
}

/** The stored capsule, and whether this call stored it (false: an idempotent replay). */
export interface WriteResult {
  capsule: StoredCapsule;
  created: boolean;
}

/** Where announcements of stored capsules go (the ODYSSEY outbox in production). */
export interface Announcer {
  announce(tenant: string, correlationId: string, announcement: CapsuleAnnouncement): void;
}

/**
 * Stores capsules: at most one per idempotency key and tenant, each announced to ODYSSEY
 * after the store write and before the client is answered.
 */
export class CapsuleWriter {
  readonly #store: CapsuleStore;
  readonly #announcer: Announcer;
  readonly #clock: Clock;

  constructor(store: CapsuleStore, announcer: Announcer, clock: Clock) {
    this.#store = store;
    this.#announcer = announcer;
    this.#clock = clock;
  }

  /**
   * Stores a capsule. A replay of a key with the same body returns the first capsule; with a
   * different body it is an IdempotencyConflictError. A replay announces again: that closes the
   * window where a crash fell between the store write and the enqueue, and ODYSSEY deduplicates.
   */
  async write(request: WriteRequest): Promise<WriteResult> {
    const content = normaliseContent(request.content);
    const capsule = newCapsule(content, randomUUID(), this.#clock.now());
    const claim = request.idempotencyKey
      ? { key: request.idempotencyKey, requestFingerprint: requestFingerprint(content) }
      : undefined;
    const outcome = await this.#store.save(request.tenant, capsule, claim);
    if (outcome.kind === 'claimed' && outcome.requestFingerprint !== claim?.requestFingerprint) {
      throw new IdempotencyConflictError(claim?.key ?? '');
    }
    this.#announcer.announce(request.tenant, request.correlationId, announcementOf(outcome.capsule));
    return { capsule: outcome.capsule, created: outcome.kind === 'created' };
  }
}
