import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseServiceHealth, serviceHealth } from './service-health.ts';

test('engine components and breakers not closed are read from the health body', () => {
  const health = parseServiceHealth('odyssey', 'odyssey-core', {
    status: 'UP',
    components: {
      db: { status: 'UP' },
      ping: { status: 'UP' },
      circuitBreakers: {
        status: 'UNKNOWN',
        details: { 'capsule-client': { state: 'OPEN' }, 'plato-client': { state: 'CLOSED' } },
      },
    },
  });
  assert.deepEqual(health, {
    service: 'odyssey',
    pod: 'odyssey-core',
    status: 'UP',
    components: { db: 'UP' },
    openBreakers: { 'capsule-client': 'OPEN' },
  });
});

test('a 503 body is read like a 200; no answer in time is UNREACHABLE', async (t) => {
  let hang = false;
  const server = createServer((_request, response) => {
    if (hang) return;
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'DOWN', components: { cassandra: { status: 'DOWN' } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const down = await serviceHealth('capsule', 'capsule-service', url, 2000);
  assert.equal(down.status, 'DOWN');
  assert.deepEqual(down.components, { cassandra: 'DOWN' });
  hang = true;
  const silent = await serviceHealth('capsule', 'capsule-service', url, 200);
  assert.equal(silent.status, 'UNREACHABLE');
});
