import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { serviceSend } from './http-send.ts';

// A server that answers /ok and never answers anything else.
const server = createServer((request, response) => {
  if (request.url === '/ok')
    response.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"a"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
after(() => {
  server.closeAllConnections();
  server.close();
});

test('an answer comes back parsed, with its status and headers', async () => {
  const send = serviceSend(url, { 'x-tenant-id': 't' }, 1000);
  const answer = await send.send({ method: 'POST', path: '/ok', body: { a: 1 } });
  assert.deepEqual(
    [answer.status, answer.body, answer.headers['content-type']],
    [201, { id: 'a' }, 'application/json'],
  );
  send.close();
});

test('the timeout runs from the request start, also for requests waiting for a socket', async () => {
  const send = serviceSend(url, {}, 200, 1);
  const started = performance.now();
  const answers = await Promise.all([1, 2, 3].map(() => send.send({ method: 'GET', path: '/hang' })));
  assert.deepEqual(
    answers.map((answer) => [answer.status, answer.error]),
    [
      [0, 'timeout'],
      [0, 'timeout'],
      [0, 'timeout'],
    ],
  );
  assert.ok(performance.now() - started < 1000);
  send.close();
});
