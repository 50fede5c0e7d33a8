import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../kit/time/index.ts';
import type { Collector } from './collectors/index.ts';
import { startExporterServer, type ExporterServer } from './exporter-server.ts';

let server: ExporterServer;
let scrapes = 0;

const cassandra: Collector = {
  name: 'cassandra',
  async collect() {
    scrapes += 1;
    return [
      {
        name: 'cassandra_node_status',
        labels: { cluster: 'butterfly', node: 'cassandra-2', status: 'down' },
        value: 1,
      },
      {
        name: 'cassandra_node_status',
        labels: { cluster: 'butterfly', node: 'cassandra-2', status: 'up' },
        value: 0,
      },
    ];
  },
};

before(async () => {
  server = await startExporterServer({
    host: '127.0.0.1',
    port: 0,
    collectors: [cassandra],
    clock: systemClock,
  });
});
after(() => server.close());

test('/metrics serves the samples in the Prometheus text format', async () => {
  const response = await fetch(`${server.url}/metrics`);
  assert.equal(scrapes, 1);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  assert.match(text, /^# TYPE cassandra_node_status gauge$/m);
  assert.match(text, /^cassandra_node_status\{cluster="butterfly",node="cassandra-2",status="down"\} 1$/m);
  assert.match(text, /^cassandra_node_status\{cluster="butterfly",node="cassandra-2",status="up"\} 0$/m);
  assert.match(text, /^butterfly_exporter_collector_success\{collector="cassandra"\} 1$/m);
  // Metrics with nothing collected this scrape have no samples, only their help.
  assert.doesNotMatch(text, /^pg_up\{/m);
});

test('each later request is a new scrape', async () => {
  const before = scrapes;
  await (await fetch(`${server.url}/metrics`)).text();
  assert.equal(scrapes, before + 1);
});

test('/-/healthy answers ok; unknown paths are 404; other methods 405', async () => {
  assert.equal((await fetch(`${server.url}/-/healthy`)).status, 200);
  assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  assert.equal((await fetch(`${server.url}/metrics`, { method: 'POST' })).status, 405);
});
