import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { httpCall, type FetchLike } from './http-call.ts';

test('answers carry status, lower-case headers and the parsed JSON body; JSON bodies are sent typed', async () => {
  let sent: RequestInit | undefined;
  const fetch: FetchLike = async (_url, init) => {
    sent = init;
    return new Response('{"status":"UP"}', { status: 200, headers: { 'X-Butterfly-Degraded': 'x' } });
  };
  const answer = await httpCall(fetch, new ManualClock(), {
    method: 'POST',
    url: 'http://capsule-service:8080/x',
    body: { a: 1 },
    timeoutMs: 1000,
  });
  assert.deepEqual(answer, {
    status: 200,
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-butterfly-degraded': 'x' },
    body: { status: 'UP' },
  });
  assert.equal(sent?.body, '{"a":1}');
  assert.equal((sent?.headers as Record<string, string>)['content-type'], 'application/json');
});

test('a refused connection and a timeout on the injected clock are status 0 with the reason', async () => {
  const refused: FetchLike = async () => {
    throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  };
  const clock = new ManualClock();
  assert.deepEqual(await httpCall(refused, clock, { method: 'GET', url: 'http://x', timeoutMs: 10 }), {
    status: 0,
    headers: {},
    body: undefined,
    error: 'ECONNREFUSED',
  });
  const hangs: FetchLike = (_url, init) =>
    new Promise((_resolve, reject) =>
      init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
    );
  const answer = await clock.until(
    httpCall(hangs, clock, { method: 'GET', url: 'http://x', timeoutMs: 2000 }),
  );
  assert.equal(answer.status, 0);
  assert.equal(answer.error, 'no answer within 2000ms');
});

test("a caller's Content-Type, in any case, is sent once", async () => {
  let sent: RequestInit | undefined;
  const fetch: FetchLike = async (_url, init) => {
    sent = init;
    return new Response(null, { status: 204 });
  };
  await httpCall(fetch, new ManualClock(), {
    method: 'POST',
    url: 'http://x',
    headers: { 'Content-Type': 'application/json' },
    body: { a: 1 },
    timeoutMs: 1000,
  });
  assert.deepEqual(sent?.headers, { 'Content-Type': 'application/json' });
});
