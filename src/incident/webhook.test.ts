import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Clock } from '../kit/time/index.ts';
import { deliverWebhook, redactUrl } from './webhook.ts';

let server: Server;
let base: string;
const received: { path: string; body: unknown; type: string | undefined }[] = [];
let answers: number[] = [];

before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        body: JSON.parse(body),
        type: request.headers['content-type'],
      });
      response.writeHead(answers.shift() ?? 200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** A clock whose sleeps return at once and are recorded: backoff without waiting. */
function recordingClock() {
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => 0,
    schedule: () => ({ cancel() {} }),
    sleep: async (ms) => void sleeps.push(ms),
  };
  return { clock, sleeps };
}

test('posts the payload as JSON; a 2xx is delivered at the first attempt', async () => {
  received.length = 0;
  answers = [204];
  const { clock, sleeps } = recordingClock();
  const delivery = await deliverWebhook(`${base}/hooks/T1/B2/secret`, { hello: 'world' }, { clock });
  assert.deepEqual(delivery, { delivered: true, attempts: 1 });
  assert.deepEqual(received, [
    { path: '/hooks/T1/B2/secret', body: { hello: 'world' }, type: 'application/json' },
  ]);
  assert.deepEqual(sleeps, []);
});

test('5xx and 429 are retried with a doubling backoff, a bounded number of times', async () => {
  received.length = 0;
  answers = [500, 429, 200];
  const { clock, sleeps } = recordingClock();
  assert.deepEqual(await deliverWebhook(`${base}/x`, {}, { clock }), { delivered: true, attempts: 3 });
  assert.deepEqual(sleeps, [1000, 2000]);
  received.length = 0;
  answers = [503, 503, 503, 200];
  const failed = await deliverWebhook(`${base}/x`, {}, { clock, attempts: 3 });
  assert.deepEqual(failed, { delivered: false, attempts: 3, error: 'answered 503' });
  assert.equal(received.length, 3);
  answers = [];
});

test('other 4xx are final: retrying cannot fix a wrong URL or a refused token', async () => {
  received.length = 0;
  answers = [404];
  const { clock } = recordingClock();
  assert.deepEqual(await deliverWebhook(`${base}/x`, {}, { clock }), {
    delivered: false,
    attempts: 1,
    error: 'answered 404',
  });
  assert.equal(received.length, 1);
});

test('a receiver that is not there fails after the attempts, and the error does not contain the URL', async () => {
  const { clock } = recordingClock();
  const url = 'http://127.0.0.1:1/services/T000/B000/very-secret-token';
  const delivery = await deliverWebhook(url, {}, { clock, attempts: 2 });
  assert.equal(delivery.delivered, false);
  assert.equal(delivery.attempts, 2);
  assert.ok(!delivery.delivered && !delivery.error.includes('very-secret-token'), JSON.stringify(delivery));
});

test('redactUrl keeps scheme, host and port and hides path, query and credentials', () => {
  assert.equal(redactUrl('https://hooks.example.com/services/T0/B0/XyZ'), 'https://hooks.example.com/…');
  assert.equal(redactUrl('https://user:pw@example.com:8443/?token=abc'), 'https://example.com:8443/…');
  assert.equal(redactUrl('http://127.0.0.1:9000'), 'http://127.0.0.1:9000');
  assert.equal(redactUrl('not a url'), '(invalid URL)');
});
