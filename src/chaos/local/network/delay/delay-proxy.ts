import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ChaosRule } from '../../iptables/iptables.ts';
import { sentBy } from '../../iptables/pod-traffic.ts';
import type { DelayRoute } from './delay-routes.ts';

/** The delay proxy's entry point, started as a chaos process. */
export const DELAY_PROXY_SCRIPT = fileURLToPath(new URL('./delay-proxy-main.ts', import.meta.url));

/**
 * The uid the delay proxy runs as: its own connections onward are told apart from the pods' by
 * owner, so they are never steered back into it. No engine pod uses it (those are 2110–2145).
 */
export const DELAY_PROXY_UID = 2198;

/** What the delay proxy has done so far. */
export interface ProxyStats {
  connections: number;
  delayedChunks: number;
  minDelayMs: number | null;
  maxDelayMs: number;
}

/** The DNAT rules that steer a route's new connections into the proxy's listener for it. */
export function steeringRules(route: DelayRoute, listenPort: number, comment: string): ChaosRule[] {
  const destination = [
    '-d',
    route.destination.address,
    '-p',
    'tcp',
    '--dport',
    String(route.destination.port),
  ];
  const tail = [
    '-m',
    'owner',
    '!',
    '--uid-owner',
    String(DELAY_PROXY_UID),
    '-m',
    'comment',
    '--comment',
    comment,
    '-j',
    'DNAT',
    '--to-destination',
    `127.0.0.1:${listenPort}`,
  ];
  const sources = route.sources === 'any' ? [[]] : route.sources.flatMap(sentBy);
  return sources.map((source) => ({ table: 'nat', rule: [...source, ...destination, ...tail] }));
}

/** The proxy's counters, read from its control port. */
export function proxyStats(port: number): Promise<ProxyStats> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setTimeout(2000, () =>
      socket.destroy(new Error('the delay proxy did not answer its control port')),
    );
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(JSON.parse(text) as ProxyStats));
    socket.on('error', reject);
  });
}
