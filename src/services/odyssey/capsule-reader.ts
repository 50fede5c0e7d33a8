import type { z } from 'zod';
import type { CallContext } from '../../kit/http/index.ts';
import type { PeerClient } from '../../resilience/peer/index.ts';
import { capsulePageSchema, type capsuleRecordSchema } from './schemas.ts';

/** A capsule as CAPSULE returns it. */
export type CapsuleRecord = z.infer<typeof capsuleRecordSchema>;

/** CAPSULE's answer: the capsules, or why the answer could not be used. */
export type LatestCapsules = { ok: true; capsules: CapsuleRecord[] } | { ok: false; reason: string };

/** How many capsules an orchestrated read returns. */
export const LATEST_CAPSULES = 20;

/** Reads a scope's latest capsules from CAPSULE. */
export interface CapsuleSource {
  /** Throws UpstreamUnavailableError when CAPSULE cannot be reached (network, timeout, 5xx, open breaker). */
  latest(scopeId: string, context: CallContext): Promise<LatestCapsules>;
}

/** The CAPSULE read API over the peer client (breaker `capsule-client`). */
export class CapsuleReader implements CapsuleSource {
  readonly #capsule: PeerClient;

  constructor(capsule: PeerClient) {
    this.#capsule = capsule;
  }

  async latest(scopeId: string, context: CallContext): Promise<LatestCapsules> {
    const query = new URLSearchParams({ scopeId, limit: String(LATEST_CAPSULES), page: '0' });
    const answer = await this.#capsule.get(`/api/v1/capsules?${query.toString()}`, context);
    if (answer.status !== 200) return { ok: false, reason: `answered ${answer.status}` };
    const page = capsulePageSchema.safeParse(answer.body);
    if (!page.success) return { ok: false, reason: 'answered with an unexpected body' };
    return { ok: true, capsules: page.data.content };
  }
}
