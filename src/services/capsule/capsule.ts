import type { z } from 'zod';
import type { CapsuleContent, storedCapsuleSchema } from './schemas.ts';

/** A capsule as stored: immutable once written. */
export type StoredCapsule = z.infer<typeof storedCapsuleSchema>;

/** What CAPSULE tells ODYSSEY about each stored capsule (the announcement contract). */
export interface CapsuleAnnouncement {
  capsuleId: string;
  scopeId: string;
  centerTsUtc: string;
  createdAt: string;
  vantageMode: string;
  observerId: string;
}

/**
 * Builds the stored form of a new capsule. `centerTsUtc` is normalised to UTC with millisecond
 * precision so that ordering, range queries and the request fingerprint agree on one spelling.
 */
export function newCapsule(content: CapsuleContent, capsuleId: string, now: number): StoredCapsule {
  return {
    capsuleId,
    ...normaliseContent(content),
    createdAt: new Date(now).toISOString(),
  };
}

/** The content with its timestamp in canonical form; what the idempotency fingerprint covers. */
export function normaliseContent(content: CapsuleContent): CapsuleContent {
  const { time } = content.header;
  return {
    ...content,
    header: { ...content.header, time: { ...time, centerTsUtc: new Date(time.centerTsUtc).toISOString() } },
  };
}

/** The announcement for a stored capsule. */
export function announcementOf(capsule: StoredCapsule): CapsuleAnnouncement {
  return {
    capsuleId: capsule.capsuleId,
    scopeId: capsule.header.scope.scopeId,
    centerTsUtc: capsule.header.time.centerTsUtc,
    createdAt: capsule.createdAt,
    vantageMode: capsule.header.vantage.mode,
    observerId: capsule.header.vantage.observerId,
  };
}
