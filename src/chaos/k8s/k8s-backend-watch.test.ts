import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, watchEvents, type WatchStream } from '../../../test/fixtures/k8s/fake-kube-api.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import { createK8sChaosBackend } from './k8s-backend.ts';
import {
  NETWORK,
  PARTITION,
  partition,
  api,
  freshApi,
  serveObject,
  kinds,
} from '../../../test/fixtures/k8s/backend-harness.ts';

before(async () => {
  // One client-node import for the file; each test gets its own server.
  await import('@kubernetes/client-node');
});

test('a watch that expired (410) re-reads the object and watches on from its version', async (t) => {
  await freshApi();
  t.after(() => api.close());
  api.on('POST', NETWORK, { status: 201, body: fixture('networkchaos/created.json') });
  const lifecycle = watchEvents('networkchaos/watch-partition-lifecycle.jsonl');
  let watches = 0;
  api.onWatch(NETWORK, (_request, stream: WatchStream) => {
    watches += 1;
    if (watches === 1) {
      for (const event of watchEvents('status/watch-expired-410.jsonl')) stream.send(event);
      stream.end();
      return;
    }
    for (const event of lifecycle.slice(4)) stream.send(event);
  });
  serveObject(PARTITION, 'networkchaos/current-injected.json', 'networkchaos/deleting.json');
  const result = await createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(partition, {
    environment: 'staging',
    force: false,
    timeoutMs: 600_000,
    onEvent: () => {},
  });
  assert.equal(result.outcome, 'finished');
  const rewatch = api.requests.filter((r) => r.query.watch === 'true')[1]!;
  assert.equal(rewatch.query.resourceVersion, '48219', 'from the re-read object');
  assert.deepEqual(kinds(result.events), [
    'info',
    'info',
    'info',
    'fault-injected',
    'fault-removed',
    'fault-gone',
  ]);
  assert.match(result.events[1]!.detail, /410 Gone/);
});

test('a watch stream the server ends is resumed from the last version seen, quietly', async (t) => {
  await freshApi();
  t.after(() => api.close());
  api.on('POST', NETWORK, { status: 201, body: fixture('networkchaos/created.json') });
  const lifecycle = watchEvents('networkchaos/watch-partition-lifecycle.jsonl');
  let watches = 0;
  api.onWatch(NETWORK, (_request, stream) => {
    watches += 1;
    for (const event of watches === 1 ? lifecycle.slice(0, 4) : lifecycle.slice(4)) stream.send(event);
    if (watches === 1) stream.end();
  });
  serveObject(PARTITION, 'networkchaos/current-injected.json', 'networkchaos/deleting.json');
  const result = await createK8sChaosBackend({ kubeconfig: api.kubeconfig, pollIntervalMs: 5 }).run(
    partition,
    {
      environment: 'staging',
      force: false,
      timeoutMs: 600_000,
      onEvent: () => {},
    },
  );
  assert.equal(result.outcome, 'finished');
  assert.deepEqual(kinds(result.events), ['info', 'info', 'fault-injected', 'fault-removed', 'fault-gone']);
  const requests = api.requests.filter((r) => r.query.watch === 'true');
  assert.deepEqual(
    requests.map((r) => [r.query.resourceVersion, r.query.timeoutSeconds]),
    [
      ['48211', '25'],
      ['48219', '25'],
    ],
  );
});

test('deletion is confirmed by polling until 404, and a resource that stays is reported, not claimed gone', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const clock = new ManualClock();
  api.on('POST', NETWORK, { status: 201, body: fixture('networkchaos/created.json') });
  api.onWatch(NETWORK, (_request, stream) => {
    for (const event of watchEvents('networkchaos/watch-partition-lifecycle.jsonl')) stream.send(event);
  });
  api.on('DELETE', PARTITION, { status: 200, body: fixture('networkchaos/deleting.json') });
  // A finalizer that never completes (Chaos Mesh's controller is down, say).
  api.on('GET', PARTITION, { status: 200, body: fixture('networkchaos/deleting.json') });
  const running = createK8sChaosBackend({
    kubeconfig: api.kubeconfig,
    clock,
    deleteTimeoutMs: 10_000,
    pollIntervalMs: 2000,
  }).run(partition, { environment: 'staging', force: false, timeoutMs: 600_000, onEvent: () => {} });
  // Real HTTP between fake-clock steps: wait for each read, then move time to the next poll.
  const reads = async (count: number): Promise<void> => {
    while (api.made('GET', PARTITION).length < count) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  await reads(1);
  for (let read = 2; read <= 6; read++) {
    await clock.advance(2000);
    await reads(read);
  }
  const result = await running;
  assert.equal(result.outcome, 'finished');
  assert.equal(result.removed, false);
  assert.equal(kinds(result.events).includes('fault-gone'), false);
  const last = result.events.at(-1)!;
  assert.equal(last.kind, 'info');
  assert.match(last.detail, /still present 10\.0s after deletion \(finalizers: \["chaos-mesh\/records"\]\)/);
  assert.equal(api.made('GET', PARTITION).length, 6, 'a read every 2 s for 10 s, and one at the start');
});
