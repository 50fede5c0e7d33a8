import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { BreakerRegistry } from '../breaker/index.ts';
import { PeerClient } from './peer-client.ts';
import type { PeerFetch } from './source-bound-fetch.ts';

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

// Backoff timing is bounded-retry's concern (tested there on mock time); here retries come at once.
const noWait = { attempts: 3, initialDelayMs: 0, maxDelayMs: 0 };

function client(timeoutMs = 500, retry = noWait) {
  const breakers = new BreakerRegistry();
  return {
    breakers,
    peer: new PeerClient(
      { target: 'capsule', baseUrl, timeoutMs, serviceApiKey: 'svc-key-0123456789', retry },
      breakers,
    ),
  };
}

/** A PeerFetch that answers from a script, one entry per attempt, and counts the attempts. */
function scriptedFetch(script: (number | Error)[]) {
  const seenMethods: string[] = [];
  const fetch: PeerFetch = async (_url, init) => {
    seenMethods.push(init.method);
    const next = script.shift() ?? 200;
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify({ attempt: seenMethods.length }), { status: next });
  };
  return { fetch, seenMethods };
}

function scriptedClient(script: (number | Error)[]) {
  const scripted = scriptedFetch(script);
  const breakers = new BreakerRegistry();
  const peer = new PeerClient(
    {
      target: 'odyssey',
      baseUrl: 'http://odyssey.test',
      timeoutMs: 500,
      retry: noWait,
      fetch: scripted.fetch,
    },
    breakers,
  );
  return { ...scripted, peer, breaker: breakers.get('odyssey-client') };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

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
  const { peer, breakers } = client(100, { ...noWait, attempts: 1 });
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

test('a GET that fails twice and then succeeds is answered, in three attempts, each judged by the breaker', async () => {
  const { peer, seenMethods, breaker } = scriptedClient([refused(), 503, 200]);
  const response = await peer.get<{ attempt: number }>('/api/v1/entities', context);
  assert.deepEqual(response.body, { attempt: 3 });
  assert.equal(seenMethods.length, 3);
  assert.deepEqual(breaker.totals(), { successful: 1, failed: 2, notPermitted: 0 });
});

test('a POST without an idempotency key is tried once', async () => {
  const { peer, seenMethods } = scriptedClient([503, 200]);
  await assert.rejects(peer.post('/api/v1/capsules', { a: 1 }, context), /answered 503/);
  assert.deepEqual(seenMethods, ['POST']);
});

test('a POST carrying an idempotency key is retried', async () => {
  const { peer, seenMethods } = scriptedClient([504, 201]);
  const response = await peer.post('/api/v1/capsules', { a: 1 }, context, { 'x-idempotency-key': 'k-1' });
  assert.equal(response.status, 201);
  assert.deepEqual(seenMethods, ['POST', 'POST']);
});

test('4xx and 500 answers are not retried; attempts stop at the bound', async () => {
  const notFound = scriptedClient([404, 200]);
  assert.equal((await notFound.peer.get('/x', context)).status, 404);
  assert.equal(notFound.seenMethods.length, 1);
  const bug = scriptedClient([500, 200]);
  await assert.rejects(bug.peer.get('/x', context), /answered 500/);
  assert.equal(bug.seenMethods.length, 1);
  const down = scriptedClient([503, 503, 503, 200]);
  await assert.rejects(down.peer.get('/x', context), /answered 503/);
  assert.equal(down.seenMethods.length, 3, 'three attempts in all');
});

test('no retry once the breaker is open: the retry stops at the refusal', async () => {
  const { peer, seenMethods, breaker } = scriptedClient([503, 503, 503, 503, 503, 503]);
  await assert.rejects(peer.get('/x', context), /answered 503/);
  await assert.rejects(peer.get('/x', context), /circuit open/, 'the fifth failure opened it mid-call');
  assert.equal(seenMethods.length, 5);
  await assert.rejects(peer.get('/x', context), /circuit open/);
  assert.equal(seenMethods.length, 5, 'nothing more reached the peer');
  assert.equal(breaker.totals().notPermitted, 2);
});
