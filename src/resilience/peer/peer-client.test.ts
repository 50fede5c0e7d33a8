import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { BreakerRegistry } from '../breaker/index.ts';
import { PeerClient } from './peer-client.ts';

let server: Server;
let baseUrl: string;
let seen: IncomingHttpHeaders[] = [];
let answer: { status: number; delayMs?: number } = { status: 200 };

before(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    setTimeout(() => {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: answer.status < 400 }));
    }, answer.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const context = {
  tenant: 'acme',
  correlationId: 'corr-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  authorization: 'Bearer caller-token',
};

function client(timeoutMs = 500) {
  const breakers = new BreakerRegistry();
  return {
    breakers,
    peer: new PeerClient(
      { target: 'capsule', baseUrl, timeoutMs, serviceApiKey: 'svc-key-0123456789' },
      breakers,
    ),
  };
}

test('carries tenant, correlation id, credentials and the trace (same trace id, new span)', async () => {
  seen = [];
  answer = { status: 200 };
  const { peer } = client();
  const response = await peer.get<{ ok: boolean }>('/api/v1/capsules?scopeId=x', context);
  assert.deepEqual(response.body, { ok: true });
  const headers = seen[0]!;
  assert.equal(headers['x-tenant-id'], 'acme');
  assert.equal(headers['x-correlation-id'], 'corr-1');
  assert.equal(headers.authorization, 'Bearer caller-token');
  assert.equal(headers['x-api-key'], undefined, 'the caller identity wins over the service key');
  const [version, traceId, spanId] = String(headers.traceparent).split('-');
  assert.equal(version, '00');
  assert.equal(traceId, '0af7651916cd43dd8448eb211c80319c');
  assert.notEqual(spanId, 'b7ad6b7169203331');
});

test('background calls without a caller use the service API key', async () => {
  seen = [];
  answer = { status: 200 };
  const { peer } = client();
  await peer.get('/x', { tenant: 't', correlationId: 'c', traceparent: context.traceparent });
  assert.equal(seen[0]!['x-api-key'], 'svc-key-0123456789');
});

test('4xx answers are returned, not failures; 5xx and timeouts are UpstreamUnavailable and count against the breaker', async () => {
  const { peer, breakers } = client(100);
  answer = { status: 404 };
  assert.equal((await peer.get('/x', context)).status, 404);
  answer = { status: 503 };
  await assert.rejects(
    peer.get('/x', context),
    (error: unknown) => error instanceof UpstreamUnavailableError && /answered 503/.test(error.message),
  );
  answer = { status: 200, delayMs: 400 };
  await assert.rejects(
    peer.get('/x', context),
    (error: unknown) =>
      error instanceof UpstreamUnavailableError && /no answer within 100ms/.test(error.message),
  );
  const snapshot = breakers.find('capsule-client')!.snapshot();
  assert.equal(snapshot.bufferedCalls, 3);
  assert.equal(snapshot.failedCalls, 2);
});

test('an open breaker fails at once without touching the network', async () => {
  seen = [];
  const { peer, breakers } = client();
  breakers.find('capsule-client')!.forceOpen();
  await assert.rejects(peer.get('/x', context), /circuit open/);
  assert.equal(seen.length, 0, 'nothing reached the peer');
});

test('a refused connection is UpstreamUnavailable naming the reason', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
  const peer = new PeerClient(
    { target: 'odyssey', baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 500 },
    new BreakerRegistry(),
  );
  await assert.rejects(
    peer.get('/x', context),
    (error: unknown) => error instanceof UpstreamUnavailableError && /ECONNREFUSED/.test(error.message),
  );
});
