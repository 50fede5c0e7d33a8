import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixture } from '../../../test/fixtures/k8s/fake-kube-api.ts';
import { UpstreamUnavailableError, ValidationError } from '../../kit/errors/index.ts';
import { createPrometheusClient, parsePromValue, singleValue } from './prometheus-query.ts';

interface Seen {
  path: string;
  query: URLSearchParams;
  authorization?: string;
}

/** A stand-in Prometheus answering every request with one recorded response. */
async function prometheus(
  t: { after(fn: () => Promise<void>): void },
  status: number,
  body: unknown,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

test('an instant vector query is sent to /api/v1/query and its series parsed', async (t) => {
  const server = await prometheus(t, 200, fixture('prometheus/vector-up.json'));
  const client = createPrometheusClient({
    baseUrl: `${server.url}/prom/`,
    headers: { authorization: 'Bearer p' },
    timeoutMs: 5000,
  });
  const samples = await client.query('up{namespace="butterfly"}', { time: 1_735_787_045_123 });
  assert.deepEqual(
    samples.map((s) => [s.metric.job, s.value, s.at]),
    [
      ['capsule', 1, 1_735_787_045_123],
      ['odyssey-core', 0, 1_735_787_045_123],
    ],
  );
  const [request] = server.seen;
  assert.equal(request!.path, '/prom/api/v1/query');
  assert.equal(request!.query.get('query'), 'up{namespace="butterfly"}');
  assert.equal(request!.query.get('time'), '1735787045.123');
  assert.equal(request!.query.get('timeout'), '5s');
  assert.equal(request!.authorization, 'Bearer p');
});

test('NaN and infinities are kept, a scalar is one unlabelled sample, an empty vector is empty', async (t) => {
  const special = await prometheus(t, 200, fixture('prometheus/vector-special-values.json'));
  const values = (await createPrometheusClient({ baseUrl: special.url }).query('x')).map((s) => s.value);
  assert.ok(Number.isNaN(values[0]));
  assert.deepEqual(values.slice(1), [Infinity, -Infinity, 0.000015]);
  const scalar = await prometheus(t, 200, fixture('prometheus/scalar.json'));
  assert.deepEqual(await createPrometheusClient({ baseUrl: scalar.url }).query('scalar(x)'), [
    { metric: {}, value: 0.0421, at: 1_735_787_045_500 },
  ]);
  const empty = await prometheus(t, 200, fixture('prometheus/empty-vector-with-warnings.json'));
  assert.deepEqual(
    await createPrometheusClient({ baseUrl: empty.url }).query('rate(butterfly_outbox_depth[1m])'),
    [],
  );
});

test('a query Prometheus cannot parse, or a range answer, is bad input naming the query', async (t) => {
  const bad = await prometheus(t, 400, fixture('prometheus/bad-data-400.json'));
  await assert.rejects(
    createPrometheusClient({ baseUrl: bad.url }).query('sum(up))'),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.message.includes("'sum(up))'") &&
      e.issues[0]!.message.includes('parse error'),
  );
  const matrix = await prometheus(t, 200, fixture('prometheus/matrix.json'));
  await assert.rejects(
    createPrometheusClient({ baseUrl: matrix.url }).query('up[30s]'),
    (e: unknown) => e instanceof ValidationError && e.message.includes('gives a matrix'),
  );
});

test('Prometheus timing out, down, or answering something else is an unavailable upstream', async (t) => {
  const slow = await prometheus(t, 503, fixture('prometheus/timeout-503.json'));
  await assert.rejects(
    createPrometheusClient({ baseUrl: slow.url }).query('up'),
    (e: unknown) => e instanceof UpstreamUnavailableError && e.message.includes('timeout: query timed out'),
  );
  const proxy = await prometheus(t, 502, '<html>bad gateway</html>');
  await assert.rejects(createPrometheusClient({ baseUrl: proxy.url }).query('up'), UpstreamUnavailableError);
  // The discard port: nothing listens there, the connection is refused.
  const client = createPrometheusClient({ baseUrl: 'http://127.0.0.1:9' });
  await assert.rejects(
    client.query('up'),
    (e: unknown) => e instanceof UpstreamUnavailableError && e.code === 'BFY_ERR_UPSTREAM_UNAVAILABLE',
  );
});

test('sample values and single-series answers', () => {
  assert.equal(parsePromValue('42'), 42);
  assert.throws(() => parsePromValue(''), TypeError);
  assert.throws(() => parsePromValue('abc'), TypeError);
  assert.equal(singleValue([{ metric: {}, value: 3, at: 0 }], 'sum(x)'), 3);
  assert.throws(
    () => singleValue([], 'x'),
    (e: unknown) => e instanceof ValidationError && e.message.includes('gave 0 series'),
  );
});
