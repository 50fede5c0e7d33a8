import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { healthFrom } from './health-probe.ts';

let server: Server;
let port: number;
const seen: { from: string; path: string }[] = [];
let status = 200;

before(async () => {
  server = createServer((request, response) => {
    seen.push({ from: request.socket.remoteAddress ?? '', path: request.url ?? '' });
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end('{"status":"UP"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const target = () => ({ service: 'odyssey', address: '127.0.0.1', baseUrl: `http://127.0.0.1:${port}` });
// Any 127/8 address is local on Linux: the connection can leave from a pod's address.
const source = { service: 'capsule', address: '127.0.1.222', baseUrl: 'http://127.0.1.222:8080' };

test("GETs the target's /actuator/health from the source's address and returns the status", async () => {
  status = 200;
  assert.equal(await healthFrom(source, target(), new AbortController().signal), 200);
  assert.deepEqual(seen.at(-1), { from: '127.0.1.222', path: '/actuator/health' });
});

test('a DOWN target answers 503 and the probe says so', async () => {
  status = 503;
  assert.equal(await healthFrom(source, target(), new AbortController().signal), 503);
});

test('no listener, or an aborted probe, is status 0', async () => {
  const closed = { ...target(), baseUrl: 'http://127.0.0.1:1' };
  assert.equal(await healthFrom(source, closed, new AbortController().signal), 0);
  const abort = new AbortController();
  abort.abort();
  assert.equal(await healthFrom(source, target(), abort.signal), 0);
});
