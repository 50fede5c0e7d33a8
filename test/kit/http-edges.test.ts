// What Fastify and Node refuse before a route runs still wears the envelope, with a code from
// the one table: strict JSON bodies, 405 with Allow, 414, 415, 431 and URLs that do not decode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { loadServiceConfig } from '../../src/kit/config/index.ts';
import { ERROR_CODES } from '../../src/kit/errors/index.ts';
import { runService, type RunningService } from '../../src/host/index.ts';
import { sampleService } from './sample-service.ts';

let service: RunningService;

before(async () => {
  const config = loadServiceConfig('capsule', {
    BUTTERFLY_LOG_LEVEL: 'silent',
    BUTTERFLY_PORT: '0',
    BUTTERFLY_BODY_LIMIT: '65536',
  });
  service = await runService(sampleService(), config);
});
after(() => service.shutdown('test done'));

/** Sends raw bytes as a body, so the test decides every byte the parser sees. */
async function send(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

function assertEnvelope(answer: { status: number; body: any }, status: number, code: string) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, code);
  assert.equal(ERROR_CODES[code as keyof typeof ERROR_CODES].status, status);
  assert.equal(typeof answer.body.correlationId, 'string');
}

const fieldOf = (answer: { body: any }) => answer.body.error.details.issues[0].field;

test('NUL in a string and in a key is 400 naming the field', async () => {
  const inValue = await send('POST', '/api/v1/items', '{"name":"a\\u0000b","size":1}');
  assertEnvelope(inValue, 400, 'BFY_ERR_VALIDATION_FAILED');
  assert.equal(fieldOf(inValue), 'body.name');
  const inKey = await send('POST', '/api/v1/items', '{"name":"a","size":1,"tags":[],"x\\u0000":1}');
  assertEnvelope(inKey, 400, 'BFY_ERR_VALIDATION_FAILED');
  assert.match(fieldOf(inKey), /^body\./);
  assert.equal(inKey.body.error.details.reason, 'nul');
});

test('nesting 10,000 deep is 400 too-deep, at the top and inside a field', async () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  for (const body of [deep, `{"name":"a","size":1,"tags":${deep}}`]) {
    const answer = await send('POST', '/api/v1/items', body);
    assertEnvelope(answer, 400, 'BFY_ERR_VALIDATION_FAILED');
    assert.equal(answer.body.error.details.reason, 'too-deep');
  }
});

test('1e999 and a 30-digit integer are refused, not changed', async () => {
  const huge = await send('POST', '/api/v1/items', '{"name":"a","size":1e999}');
  assertEnvelope(huge, 400, 'BFY_ERR_VALIDATION_FAILED');
  assert.equal(fieldOf(huge), 'body.size');
  assert.equal(huge.body.error.details.reason, 'non-finite-number');
  const long = await send('POST', '/api/v1/items', '{"name":"a","size":123456789012345678901234567890}');
  assert.equal(long.body.error.details.reason, 'unsafe-integer');
});

test('__proto__ is refused for what it is, invalid UTF-8 and broken JSON are BFY_ERR_MALFORMED_BODY', async () => {
  const proto = await send('POST', '/api/v1/items', '{"name":"a","size":1,"__proto__":{}}');
  assertEnvelope(proto, 400, 'BFY_ERR_VALIDATION_FAILED');
  assert.equal(proto.body.error.details.reason, 'prototype-key');
  const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff]), Buffer.from('","size":1}')]);
  assertEnvelope(await send('POST', '/api/v1/items', bytes), 400, 'BFY_ERR_MALFORMED_BODY');
  assertEnvelope(await send('POST', '/api/v1/items', '{"name":'), 400, 'BFY_ERR_MALFORMED_BODY');
  const charset = await send('POST', '/api/v1/items', '{"name":"a","size":1}', {
    'content-type': 'application/json; charset=utf-8',
  });
  assert.equal(charset.status, 201);
});

test('text/plain, any other type and a body without a type are 415', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
    assertEnvelope(
      await send('POST', '/api/v1/items', 'name=a', { 'content-type': type }),
      415,
      'BFY_ERR_UNSUPPORTED_MEDIA_TYPE',
    );
  const untyped = await fetch(`${service.url}/api/v1/items`, {
    method: 'POST',
    body: new Blob(['{"name":"a","size":1}']),
  });
  assert.equal(untyped.status, 415);
  assert.equal(((await untyped.json()) as any).error.code, 'BFY_ERR_UNSUPPORTED_MEDIA_TYPE');
});

test('a known path with a wrong method is 405 with Allow; an unknown path stays 404', async () => {
  const answer = await send('DELETE', '/api/v1/items/7');
  assertEnvelope(answer, 405, 'BFY_ERR_METHOD_NOT_ALLOWED');
  assert.equal(answer.headers.get('allow'), 'GET, HEAD');
  const put = await send('PUT', '/api/v1/items', '{}');
  assert.equal(put.headers.get('allow'), 'POST');
  const query = await send('QUERY', '/api/v1/items/7');
  assertEnvelope(query, 405, 'BFY_ERR_METHOD_NOT_ALLOWED');
  assertEnvelope(await send('DELETE', '/api/v1/nothing'), 404, 'BFY_ERR_ROUTE_NOT_FOUND');
  assertEnvelope(await send('GET', '/api/v1/items/7/'), 404, 'BFY_ERR_ROUTE_NOT_FOUND');
});

test('a path parameter over 100 characters is 414 BFY_ERR_URI_TOO_LONG; a bad escape is 400', async () => {
  assertEnvelope(await send('GET', `/api/v1/items/${'x'.repeat(101)}`), 414, 'BFY_ERR_URI_TOO_LONG');
  assertEnvelope(await send('GET', '/api/v1/items/%zz'), 400, 'BFY_ERR_MALFORMED_REQUEST');
});

test('headers over 16 KiB are 431 BFY_ERR_HEADERS_TOO_LARGE in the envelope', async () => {
  const { port } = new URL(service.url);
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = httpRequest({ port, path: '/api/v1/items/1', headers: { 'x-big': 'y'.repeat(20_000) } });
    outgoing.on('response', (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
  assertEnvelope({ status: answer.status, body: JSON.parse(answer.body) }, 431, 'BFY_ERR_HEADERS_TOO_LARGE');
});
