import { connect } from 'node:net';

/** True when a TCP connection to host:port opens within `timeoutMs`, leaving from `localAddress` if given. */
export function reaches(target: {
  host: string;
  port: number;
  localAddress?: string;
  timeoutMs?: number;
}): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      timeout: target.timeoutMs ?? 500,
      ...(target.localAddress ? { localAddress: target.localAddress } : {}),
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
