import { backgroundCallContext } from '../../../kit/http/index.ts';
import type { PeerClient } from '../../../resilience/peer/index.ts';
import { deliveryVerdict, type OutboxEntry } from '../../../resilience/outbox/index.ts';

/**
 * Delivers one queued outcome to PERCEPTION. The outbox's delivery verdict decides: a permanent
 * refusal is reported and dropped (the relay keeps order by stopping at a failure, so one report
 * PERCEPTION will never accept must not hold back all the others); network errors, timeouts and
 * every other answer throw, and the relay retries with backoff.
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
    const verdict = deliveryVerdict(response.status);
    if (verdict === 'delivered') return;
    if (verdict === 'retry') throw new Error(`perception answered ${response.status}`);
    onRefused(entry, response.status, response.body);
  };
}
