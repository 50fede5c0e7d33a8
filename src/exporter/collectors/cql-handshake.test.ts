import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { cqlHandshake } from './cql-handshake.ts';

const servers: Server[] = [];
const sockets: Socket[] = [];
after(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

/** A TCP server on a free port that answers every request frame with `reply` (or never). */
async function fakeNode(reply: ((frame: Buffer) => Buffer) | 'silent'): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (frame) => {
      if (reply !== 'silent') socket.write(reply(frame));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const node = (port: number) => ({ name: 'cassandra-0', address: '127.0.0.1', port });
const supported = (frame: Buffer) =>
  Buffer.concat([Buffer.from([0x84, 0, frame[2]!, frame[3]!, 0x06, 0, 0, 0, 2]), Buffer.from([0, 0])]);

test('a node answering OPTIONS with SUPPORTED is up, and it was asked with a v4 OPTIONS frame', async () => {
  let asked: Buffer | undefined;
  const port = await fakeNode((frame) => {
    asked = frame;
    return supported(frame);
  });
  assert.equal(await cqlHandshake(node(port), new AbortController().signal), true);
  assert.deepEqual([...asked!], [0x04, 0, 0, 0, 0x05, 0, 0, 0, 0]);
});

test('a node answering something else (an ERROR frame, or not CQL at all) is down', async () => {
  const error = await fakeNode(() => Buffer.from([0x84, 0, 0, 0, 0x00, 0, 0, 0, 0]));
  assert.equal(await cqlHandshake(node(error), new AbortController().signal), false);
  const http = await fakeNode(() => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
  assert.equal(await cqlHandshake(node(http), new AbortController().signal), false);
});

test('a refused connection is down', async () => {
  const port = await fakeNode('silent');
  servers.pop()!.close();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await cqlHandshake(node(port), new AbortController().signal), false);
});

test('a node that accepts but never answers (a hung JVM) is down once the signal aborts', async () => {
  const port = await fakeNode('silent');
  const abort = new AbortController();
  const answer = cqlHandshake(node(port), abort.signal);
  setImmediate(() => abort.abort());
  assert.equal(await answer, false);
});
