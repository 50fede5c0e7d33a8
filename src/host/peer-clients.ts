import type { ServiceConfig } from '../kit/config/index.ts';
import type { ServiceName } from '../kit/platform/index.ts';
import type { BreakerRegistry } from '../resilience/breaker/index.ts';
import { PeerClient } from '../resilience/peer/index.ts';

/** One `PeerClient` per peer, made on first use, all sharing the service's breakers. */
export function peerClients(
  config: ServiceConfig,
  breakers: BreakerRegistry,
): (target: ServiceName) => PeerClient {
  const peers = new Map<ServiceName, PeerClient>();
  return (target) => {
    let client = peers.get(target);
    if (!client) {
      client = new PeerClient(
        {
          target,
          baseUrl: config.peers[target],
          timeoutMs: config.peerTimeoutMs,
          retry: config.peerRetry,
          ...(config.peerSourceAddress ? { sourceAddress: config.peerSourceAddress } : {}),
          ...(config.auth.peerApiKey ? { serviceApiKey: config.auth.peerApiKey } : {}),
        },
        breakers,
      );
      peers.set(target, client);
    }
    return client;
  };
}
