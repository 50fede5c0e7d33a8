import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { BreakerRegistry } from '../breaker/index.ts';
import { PeerClient } from './peer-client.ts';
import { sourceBoundFetch } from './source-bound-fetch.ts';

// Two pods' loopback addresses, as the local profile gives each pod its own.
const CALLER = '127.0.9.1';
const PEER = '127.0.9.2';

let server: Server;
let baseUrl: string;
const remoteAddresses: (string | undefined)[] = [];

before(async () => {
  server = createServer((request, response) => {
    remoteAddresses.push(request.socket.remoteAddress);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/empty') {
        response.writeHead(204).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'x-seen': 'a' });
      response.end(JSON.stringify({ method: request.method, body, tenant: request.headers['x-tenant-id'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, PEER, resolve));
  baseUrl = `http://${PEER}:${(server.address() as { port: number }).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const context = {
  tenant: 'acme',
  correlationId: 'corr-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};

test('a PeerClient with a source address connects from it', async () => {
  remoteAddresses.length = 0;
  const peer = new PeerClient(
    { target: 'capsule', baseUrl, timeoutMs: 2000, sourceAddress: CALLER },
    new BreakerRegistry(),
  );
  const got = await peer.get<{ method: string; tenant: string }>('/api/v1/capsules', context);
  const posted = await peer.post<{ body: string }>('/api/v1/capsules', { a: 1 }, context);
  assert.deepEqual(got.body, { method: 'GET', body: '', tenant: 'acme' });
  assert.deepEqual(JSON.parse(posted.body.body), { a: 1 });
  assert.deepEqual(remoteAddresses, [CALLER, CALLER]);
});

test('the bound fetch answers like fetch: status, headers, an empty 204', async () => {
  const fetch = sourceBoundFetch(CALLER);
  const signal = new AbortController().signal;
  const answer = await fetch(new URL('/x', baseUrl), { method: 'GET', headers: {}, signal });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('x-seen'), 'a');
  const empty = await fetch(new URL('/empty', baseUrl), { method: 'DELETE', headers: {}, signal });
  assert.equal(empty.status, 204);
  assert.equal(await empty.text(), '');
});

test('an aborted request rejects as an AbortError', async () => {
  const fetch = sourceBoundFetch(CALLER);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    fetch(new URL('/x', baseUrl), { method: 'GET', headers: {}, signal: controller.signal }),
    { name: 'AbortError' },
  );
});
