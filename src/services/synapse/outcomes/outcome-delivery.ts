import { backgroundCallContext } from '../../../kit/http/index.ts';
import type { PeerClient } from '../../../resilience/peer/index.ts';
import type { OutboxEntry } from '../../../resilience/outbox/index.ts';

/** 4xx answers worth retrying: the receiver was busy, not saying no. */
const RETRYABLE = new Set([408, 425, 429]);

/**
 * Delivers one queued outcome to PERCEPTION. Network errors, timeouts and 5xx throw (the relay
 * retries with backoff). A 4xx refusal is logged and dropped: the relay keeps order by stopping
 * at a failure, so one report PERCEPTION will never accept must not hold back all the others.
 */
export function outcomeDelivery(
  perception: Pick<PeerClient, 'post'>,
  onRefused: (entry: OutboxEntry, status: number, body: unknown) => void,
) {
  return async (entry: OutboxEntry): Promise<void> => {
    const response = await perception.post(
      '/api/v1/outcomes',
      entry.payload,
      backgroundCallContext(entry.tenant, entry.correlationId),
    );
    if (response.status < 300) return;
    if (RETRYABLE.has(response.status)) throw new Error(`perception answered ${response.status}`);
    onRefused(entry, response.status, response.body);
  };
}
