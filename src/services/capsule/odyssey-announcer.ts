import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { backgroundCallContext } from '../../kit/http/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { PeerClient } from '../../resilience/peer/index.ts';
import {
  deliveryVerdict,
  type DurableOutbox,
  type OutboxEntry,
  type OutboxRelay,
} from '../../resilience/outbox/index.ts';
import type { CapsuleAnnouncement } from './capsule.ts';
import type { Announcer } from './announcer.ts';

/** The outbox topic of announcements to ODYSSEY. */
export const ANNOUNCEMENT_TOPIC = 'odyssey-announcements';

/** Where ODYSSEY takes announcements. */
export const ANNOUNCEMENT_PATH = '/api/v1/capsule/announcements';

/**
 * Delivers one queued announcement to ODYSSEY. A permanent refusal (the outbox's delivery
 * verdict: ODYSSEY says the announcement itself is wrong) is reported and dropped, so it cannot
 * hold every later announcement behind it; any other failure keeps it queued.
 */
export function announcementDelivery(
  odyssey: Pick<PeerClient, 'post'>,
  onRefused: (entry: OutboxEntry, status: number, body: unknown) => void,
) {
  return async (entry: OutboxEntry): Promise<void> => {
    const answer = await odyssey.post(
      ANNOUNCEMENT_PATH,
      entry.payload,
      backgroundCallContext(entry.tenant, entry.correlationId),
    );
    const verdict = deliveryVerdict(answer.status);
    if (verdict === 'refused') return onRefused(entry, answer.status, answer.body);
    if (verdict === 'retry') {
      throw new UpstreamUnavailableError('odyssey', `answered ${answer.status} to an announcement`);
    }
  };
}

/**
 * Tells ODYSSEY about every stored capsule, through a durable outbox so an announcement
 * survives a crash or a partition: queued on disk before the client hears back, delivered
 * in order by a relay that backs off while ODYSSEY is unreachable. ODYSSEY deduplicates by
 * (tenant, capsuleId), so announcing twice is harmless and announcing once too few is not.
 */
export class OdysseyAnnouncer implements Announcer {
  readonly #outbox: DurableOutbox;
  readonly #relay: Pick<OutboxRelay, 'nudge'>;
  readonly #clock: Clock;

  constructor(outbox: DurableOutbox, relay: Pick<OutboxRelay, 'nudge'>, clock: Clock) {
    this.#outbox = outbox;
    this.#relay = relay;
    this.#clock = clock;
  }

  /**
   * Queues the announcement of a stored capsule, resolving once it is on disk (group-committed
   * with the announcements of concurrent writes); a second call for a still-queued capsule is a no-op.
   */
  async announce(tenant: string, correlationId: string, announcement: CapsuleAnnouncement): Promise<void> {
    await this.#outbox.enqueueGrouped({
      topic: ANNOUNCEMENT_TOPIC,
      key: announcement.capsuleId,
      payload: announcement,
      tenant,
      correlationId,
      now: this.#clock.now(),
    });
    // Deliver now rather than at the next tick (the relay ignores this while backing off).
    this.#relay.nudge();
  }
}
