import { request } from 'node:http';
import type { ServiceEndpoint } from './connectivity.ts';

/**
 * GETs `<target>/actuator/health` with the connection bound to the source pod's address, so a
 * partition between two pod addresses (an iptables rule on `-s A -d B`) shows here as it does
 * for the services. Resolves with the HTTP status, or 0 when there was no answer.
 */
export function healthFrom(
  source: ServiceEndpoint,
  target: ServiceEndpoint,
  signal: AbortSignal,
): Promise<number> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(0);
    const req = request(
      `${target.baseUrl}/actuator/health`,
      { localAddress: source.address, signal, agent: false, headers: { accept: 'application/json' } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.once('error', () => resolve(0));
    req.end();
  });
}
