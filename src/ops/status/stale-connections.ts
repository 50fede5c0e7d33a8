import type { ServiceName } from '../../kit/platform/index.ts';
import type { Observations } from './observations.ts';

/** A breaker that stays open although its peer answers its service's address again. */
export interface StaleBreaker {
  service: ServiceName;
  breaker: string;
  state: string;
}

const PEER_OF = /^(.+)-client$/;

/**
 * Breakers left open or half-open towards a peer the matrix shows reachable from that service's
 * own address: the partition is gone, but the service has not noticed (no call has tried the
 * peer since). The runbook's "restart affected pods (if connections stale)". Forced states are
 * an operator's choice and are left alone.
 */
export function staleBreakers(observations: Observations): StaleBreaker[] {
  const matrix = observations.matrix;
  if (!matrix) return [];
  const reaches = (source: string, target: string) =>
    matrix.some(
      (cell) => cell.source === source && cell.target === target && cell.status >= 200 && cell.status < 300,
    );
  return observations.services.flatMap((health) =>
    Object.entries(health.openBreakers)
      .filter(([name, state]) => {
        const peer = PEER_OF.exec(name)?.[1];
        return (
          (state === 'OPEN' || state === 'HALF_OPEN') && peer !== undefined && reaches(health.service, peer)
        );
      })
      .map(([breaker, state]) => ({ service: health.service, breaker, state })),
  );
}
