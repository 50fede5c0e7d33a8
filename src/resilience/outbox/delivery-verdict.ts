/** What a relay does with a message after the receiver's answer. */
export type DeliveryVerdict = 'delivered' | 'retry' | 'refused';

/**
 * Answers that say the message itself is wrong: sending it again cannot help, and since a relay
 * delivers in order, retrying would hold every later message behind it forever. Every other
 * answer is worth waiting out: 401/403 (credentials, fixed by people), 404 (a receiver not yet
 * rolled out), 408/425/429 (busy), 3xx and 5xx, and no answer at all.
 */
export const PERMANENT_REFUSALS: ReadonlySet<number> = new Set([400, 409, 413, 415, 422]);

/**
 * The one rule every outbox relay follows for an HTTP answer: 2xx is delivered, a permanent
 * refusal (`PERMANENT_REFUSALS`) is refused and dropped by the caller, anything else is retried.
 */
export function deliveryVerdict(status: number): DeliveryVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  return PERMANENT_REFUSALS.has(status) ? 'refused' : 'retry';
}
