import { connect } from 'node:net';
import type { CassandraNode } from './cassandra.ts';

// Native protocol v4 OPTIONS: version 0x04 (request), no flags, stream 0, opcode 0x05, empty body.
const OPTIONS_FRAME = Buffer.from([0x04, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00]);
const RESPONSE_V4 = 0x84;
const OPCODE_SUPPORTED = 0x06;

/**
 * True when the node answers a CQL OPTIONS request with SUPPORTED before `signal` aborts. A bare
 * TCP connect is not enough: a stopped or hung JVM still has its socket accepted by the kernel.
 * Cheap (one round trip, no session) so every scrape can ask every node.
 */
export function cqlHandshake(node: CassandraNode, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const socket = connect({ host: node.address, port: node.port });
    let received = Buffer.alloc(0);
    const finish = (answer: boolean) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(answer);
    };
    const onAbort = () => finish(false);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => socket.write(OPTIONS_FRAME));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 5) finish(received[0] === RESPONSE_V4 && received[4] === OPCODE_SUPPORTED);
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}
