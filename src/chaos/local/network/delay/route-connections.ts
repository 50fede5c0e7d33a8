import { execFile } from 'node:child_process';
import type { DelayRoute } from './delay-routes.ts';

/** One TCP socket as `ss -t -n -e -H` lists it: its local end and the uid that owns it (0 = root). */
export interface ListedSocket {
  localAddress: string;
  localPort: number;
  uid: number;
}

function endpoint(text: string): { address: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(text.slice(colon + 1));
  // IPv6 sockets print `[::ffff:127.0.0.1]:port`; the pods' addresses are IPv4.
  const address = text
    .slice(0, colon)
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:/, '');
  return Number.isInteger(port) ? { address, port } : undefined;
}

/** The sockets of `ss -t -n -e -H` output (State Recv-Q Send-Q Local Peer …); `uid:` is absent for root. */
export function parseSockets(text: string): ListedSocket[] {
  const sockets: ListedSocket[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const local = fields[3] === undefined ? undefined : endpoint(fields[3]);
    if (!local) continue;
    const uid = /\buid:(\d+)/.exec(line)?.[1];
    sockets.push({ localAddress: local.address, localPort: local.port, uid: uid ? Number(uid) : 0 });
  }
  return sockets;
}

/**
 * Whether the route's DNAT rules would have steered this socket, had it connected after them:
 * a named source's rules match its address (`-s`) or, for an engine pod, its uid (`--uid-owner`).
 */
export function steeredBy(route: DelayRoute, socket: ListedSocket): boolean {
  if (route.sources === 'any') return true;
  return route.sources.some(
    (end) => socket.localAddress === end.address || (end.uid !== undefined && socket.uid === end.uid),
  );
}

function ss(args: string[]): Promise<string> {
  // A failed `ss` only leaves a connection undelayed: the injection goes on, as it always has.
  return new Promise((resolve) => execFile('ss', args, (_error, stdout) => resolve(String(stdout ?? ''))));
}

/**
 * Resets the established connections a route steers, so their clients reconnect through the
 * proxy: DNAT only sees a connection's first packet. Only those: an engine pod's route must not
 * cut a root client's connection to the same destination, so each of its sockets is killed by
 * its own four-tuple.
 */
export async function resetConnections(route: DelayRoute): Promise<void> {
  const destination = ['dst', route.destination.address, 'dport', '=', `:${route.destination.port}`];
  if (route.sources === 'any') {
    await ss(['-K', '-t', ...destination]);
    return;
  }
  const listed = parseSockets(await ss(['-t', '-n', '-e', '-H', ...destination]));
  await Promise.all(
    listed
      .filter((socket) => steeredBy(route, socket))
      .map((socket) =>
        ss(['-K', '-t', 'src', socket.localAddress, 'sport', '=', `:${socket.localPort}`, ...destination]),
      ),
  );
}
