import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FakeKubeApi,
  fixture,
  watchEvents,
  type WatchStream,
} from '../../../test/fixtures/k8s/fake-kube-api.ts';
import { experimentOf } from '../../../test/fixtures/k8s/experiment-of.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import type { RunEvent } from '../report/index.ts';
import { findExperiments } from '../spec/index.ts';
import { createK8sChaosBackend } from './k8s-backend.ts';
import { ChaosKubeError, ChaosRefusedError } from './k8s-errors.ts';

const BASE = '/apis/chaos-mesh.org/v1alpha1/namespaces/butterfly';
const NETWORK = `${BASE}/networkchaos`;
const PARTITION = `${NETWORK}/capsule-odyssey-partition`;
const partition = experimentOf('NetworkChaos', 'networkchaos/manifest.json');

let api: FakeKubeApi;
before(async () => {
  // One client-node import for the file; each test gets its own server.
  await import('@kubernetes/client-node');
});

async function freshApi(context?: string): Promise<FakeKubeApi> {
  api = await FakeKubeApi.start(context);
  return api;
}

/** Answers the object's GET from `current` until DELETE, and 404 after (what foreground deletion ends in). */
function serveObject(path: string, current: string, deleting: string): { deleted(): boolean } {
  let deleted = false;
  api.on('DELETE', path, () => {
    deleted = true;
    return { status: 200, body: fixture(deleting) };
  });
  api.on('GET', path, () =>
    deleted
      ? { status: 404, body: fixture('status/not-found-404.json') }
      : { status: 200, body: fixture(current) },
  );
  return { deleted: () => deleted };
}

function kinds(events: readonly RunEvent[]): string[] {
  return events.map((e) => e.kind);
}

/** Resolves with the first event of a kind; the test acts on the run at that moment. */
function eventWaiter(): {
  onEvent: (e: RunEvent) => void;
  next: (kind: RunEvent['kind'], detail?: RegExp) => Promise<RunEvent>;
} {
  const waiting: { kind: string; detail?: RegExp; resolve(e: RunEvent): void }[] = [];
  const seen: RunEvent[] = [];
  return {
    onEvent: (event) => {
      seen.push(event);
      for (const w of [...waiting]) {
        if (w.kind === event.kind && (!w.detail || w.detail.test(event.detail))) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(event);
        }
      }
    },
    next: (kind, detail) => {
      const already = seen.find((e) => e.kind === kind && (!detail || detail.test(e.detail)));
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ kind, detail, resolve }));
    },
  };
}

test('success: the manifest is applied unchanged, watched by condition type, then deleted and confirmed gone', async (t) => {
  await freshApi();
  t.after(() => api.close());
  api.on('POST', NETWORK, { status: 201, body: fixture('networkchaos/created.json') });
  api.onWatch(NETWORK, (_request, stream) => {
    for (const event of watchEvents('networkchaos/watch-partition-lifecycle.jsonl')) stream.send(event);
  });
  const object = serveObject(PARTITION, 'networkchaos/current-injected.json', 'networkchaos/deleting.json');
  const live: RunEvent[] = [];
  const result = await createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(partition, {
    environment: 'staging',
    force: false,
    timeoutMs: 600_000,
    onEvent: (e) => live.push(e),
  });

  assert.equal(result.outcome, 'finished');
  assert.equal(result.aborted, false);
  assert.equal(result.removed, true);
  assert.deepEqual(result.events, live, 'every event was also streamed live');
  assert.deepEqual(kinds(result.events), ['info', 'info', 'fault-injected', 'fault-removed', 'fault-gone']);
  assert.match(
    result.events[0]!.detail,
    /^applied NetworkChaos butterfly\/capsule-odyssey-partition to kind-butterfly-staging \(uid 6c1f4a52-/,
  );
  assert.ok(result.events.every((e, i) => i === 0 || e.at >= result.events[i - 1]!.at));

  const [create] = api.made('POST', NETWORK);
  assert.deepEqual(create!.body, partition.manifest, 'applied exactly as written');
  assert.equal(create!.headers.authorization, 'Bearer fake-token', 'the kubeconfig user is used');
  const [watch] = api.requests.filter((r) => r.query.watch === 'true');
  assert.equal(watch!.path, NETWORK);
  assert.equal(watch!.query.fieldSelector, 'metadata.name=capsule-odyssey-partition');
  assert.equal(watch!.query.resourceVersion, '48211', 'watched from the version the create returned');
  const [deletion] = api.made('DELETE', PARTITION);
  assert.equal(deletion!.query.propagationPolicy, 'Foreground');
  assert.equal(object.deleted(), true);
  assert.equal(api.made('GET', PARTITION).length, 1, 'one read after the delete found it gone');
});

test('a one-shot pod-kill finishes when its record shows it injected and recovered', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const pods = `${BASE}/podchaos`;
  api.on('POST', pods, { status: 201, body: fixture('podchaos/created.json') });
  api.onWatch(pods, (_request, stream) => {
    for (const event of watchEvents('podchaos/watch-pod-kill.jsonl')) stream.send(event);
  });
  let deleted = false;
  api.on(
    'DELETE',
    `${pods}/cassandra-node-failure`,
    () => ((deleted = true), { status: 200, body: fixture('podchaos/created.json') }),
  );
  api.on('GET', `${pods}/cassandra-node-failure`, () =>
    deleted
      ? { status: 404, body: fixture('status/not-found-404.json') }
      : { status: 200, body: fixture('podchaos/created.json') },
  );
  const result = await createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(
    experimentOf('PodChaos', 'podchaos/manifest.json'),
    { environment: 'ci', force: false, timeoutMs: 600_000, onEvent: () => {} },
  );
  assert.equal(result.outcome, 'finished');
  assert.deepEqual(kinds(result.events), ['info', 'info', 'fault-injected', 'fault-removed', 'fault-gone']);
});

test('timeout: the resource is deleted, the still-injected fault reported removed once gone', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const clock = new ManualClock();
  api.on('POST', NETWORK, { status: 201, body: fixture('networkchaos/created.json') });
  api.onWatch(NETWORK, (_request, stream) => {
    for (const event of watchEvents('networkchaos/watch-partition-injected.jsonl')) stream.send(event);
  });
  serveObject(PARTITION, 'networkchaos/current-injected.json', 'networkchaos/deleting.json');
  const events = eventWaiter();
  const running = createK8sChaosBackend({ kubeconfig: api.kubeconfig, clock }).run(partition, {
    environment: 'staging',
    force: false,
    timeoutMs: 90_000,
    onEvent: events.onEvent,
  });
  const injected = await events.next('fault-injected');
  assert.equal(api.made('DELETE', PARTITION).length, 0, 'nothing deleted before the timeout');
  await clock.advance(90_000);
  const result = await running;

  assert.equal(result.outcome, 'timed-out');
  assert.equal(result.aborted, true);
  assert.equal(result.removed, true);
  assert.equal(api.made('DELETE', PARTITION).length, 1);
  const tail = result.events.slice(result.events.indexOf(injected) + 1);
  assert.deepEqual(
    tail.map((e) => [e.kind, e.at - injected.at]),
    [
      ['info', 90_000],
      ['fault-removed', 90_000],
      ['fault-gone', 90_000],
    ],
  );
  assert.match(
    tail[0]!.detail,
    /^timed out after 1m30s; deleting NetworkChaos butterfly\/capsule-odyssey-partition$/,
  );
});

test('abort (SIGINT): the resource is deleted at once and the run reports aborted', async (t) => {
  await freshApi();
  t.after(() => api.close());
  api.on('POST', NETWORK, { status: 201, body: fixture('networkchaos/created.json') });
  api.onWatch(NETWORK, (_request, stream) => {
    for (const event of watchEvents('networkchaos/watch-partition-injected.jsonl')) stream.send(event);
  });
  serveObject(PARTITION, 'networkchaos/current-injected.json', 'networkchaos/deleting.json');
  const interrupt = new AbortController();
  const result = await createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(partition, {
    environment: 'staging',
    force: false,
    timeoutMs: 600_000,
    signal: interrupt.signal,
    onEvent: (e) => {
      if (e.kind === 'fault-injected') interrupt.abort();
    },
  });
  assert.equal(result.outcome, 'aborted');
  assert.equal(result.aborted, true);
  assert.equal(result.removed, true);
  assert.deepEqual(kinds(result.events), [
    'info',
    'info',
    'fault-injected',
    'info',
    'fault-removed',
    'fault-gone',
  ]);
  assert.equal(
    result.events[3]!.detail,
    'aborted; deleting NetworkChaos butterfly/capsule-odyssey-partition',
  );
  assert.equal(api.made('DELETE', PARTITION).length, 1);
});

test('aborted before applying: nothing is created', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const interrupt = new AbortController();
  interrupt.abort();
  const result = await createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(partition, {
    environment: 'staging',
    force: false,
    timeoutMs: 1000,
    signal: interrupt.signal,
    onEvent: () => {},
  });
  assert.equal(result.outcome, 'aborted');
  assert.equal(api.requests.length, 0);
});

test('409 AlreadyExists: a ChaosKubeError saying how to clear it, and the existing resource is not deleted', async (t) => {
  await freshApi();
  t.after(() => api.close());
  api.on('POST', NETWORK, { status: 409, body: fixture('status/already-exists-409.json') });
  await assert.rejects(
    createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(partition, {
      environment: 'staging',
      force: false,
      timeoutMs: 1000,
      onEvent: () => {},
    }),
    (e: unknown) =>
      e instanceof ChaosKubeError &&
      e.code === 'CHAOS_KUBE_FAILED' &&
      e.status === 409 &&
      e.details.reason === 'AlreadyExists' &&
      e.message.includes('already exists') &&
      e.message.includes(
        "'kubectl delete networkchaos.chaos-mesh.org capsule-odyssey-partition -n butterfly'",
      ),
  );
  assert.deepEqual(
    api.requests.map((r) => r.method),
    ['POST'],
    'no watch, no delete',
  );
});

test('403 Forbidden, a missing CRD (404) and a webhook rejection (422) say which', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const backend = createK8sChaosBackend({ kubeconfig: api.kubeconfig });
  const attempt = (): Promise<unknown> =>
    backend.run(partition, { environment: 'staging', force: false, timeoutMs: 1000, onEvent: () => {} });
  api.on('POST', NETWORK, { status: 403, body: fixture('status/forbidden-403.json') });
  await assert.rejects(
    attempt(),
    (e: unknown) =>
      e instanceof ChaosKubeError &&
      e.status === 403 &&
      /^not allowed to create .*cannot create resource "networkchaos"/.test(e.message),
  );
  api.on('POST', NETWORK, { status: 404, body: fixture('status/no-such-resource-404.json') });
  await assert.rejects(
    attempt(),
    (e: unknown) =>
      e instanceof ChaosKubeError && e.status === 404 && e.message.includes('is Chaos Mesh installed?'),
  );
  api.on('POST', NETWORK, { status: 422, body: fixture('status/invalid-422.json') });
  await assert.rejects(
    attempt(),
    (e: unknown) =>
      e instanceof ChaosKubeError && e.status === 422 && e.message.includes('direction should be one of'),
  );
  assert.equal(api.requests.filter((r) => r.method !== 'POST').length, 0);
});

test('production is refused before the cluster is touched, by --env or by the kubeconfig context', async (t) => {
  await freshApi('gke_acme_europe-west1_production');
  t.after(() => api.close());
  const backend = createK8sChaosBackend({ kubeconfig: api.kubeconfig });
  const run = (environment: string, force: boolean): Promise<unknown> =>
    backend.run(partition, { environment, force, timeoutMs: 1000, onEvent: () => {} });
  await assert.rejects(
    run('prod', false),
    (e: unknown) =>
      e instanceof ChaosRefusedError &&
      e.code === 'CHAOS_REFUSED' &&
      e.message.includes("environment 'prod'"),
  );
  await assert.rejects(
    run('staging', false),
    (e: unknown) =>
      e instanceof ChaosRefusedError && e.message.includes("context 'gke_acme_europe-west1_production'"),
  );
  assert.equal(api.requests.length, 0);
  // Forced, it goes ahead (and here meets the 404 of a cluster without Chaos Mesh).
  await assert.rejects(run('prod', true), (e: unknown) => e instanceof ChaosKubeError && e.status === 404);
  assert.equal(api.made('POST', NETWORK).length, 1);
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

test('a Workflow: step events from its WorkflowNodes, finished when accomplished, then deleted', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const workflows = `${BASE}/workflows`;
  const nodesPath = `${BASE}/workflownodes`;
  const [scheduled, accomplished] = watchEvents('workflow/watch-workflow.jsonl');
  let workflowStream: WatchStream | undefined;
  let nodeStream: WatchStream | undefined;
  api.on('POST', workflows, { status: 201, body: fixture('workflow/created.json') });
  api.onWatch(workflows, (_request, stream) => {
    workflowStream = stream;
    stream.send(scheduled);
  });
  api.onWatch(nodesPath, (_request, stream) => (nodeStream = stream));
  let deleted = false;
  api.on(
    'DELETE',
    `${workflows}/capsule-odyssey-partition`,
    () => ((deleted = true), { status: 200, body: fixture('workflow/created.json') }),
  );
  api.on('GET', `${workflows}/capsule-odyssey-partition`, () =>
    deleted
      ? { status: 404, body: fixture('status/not-found-404.json') }
      : { status: 200, body: fixture('workflow/created.json') },
  );
  const events = eventWaiter();
  const running = createK8sChaosBackend({ kubeconfig: api.kubeconfig }).run(
    experimentOf('Workflow', 'workflow/manifest.json'),
    {
      environment: 'staging',
      force: false,
      timeoutMs: 600_000,
      onEvent: events.onEvent,
    },
  );
  // Two streams reach the client in no fixed order; each stage is sent once the previous one was seen.
  await events.next('info', /workflow scheduled/);
  while (!nodeStream) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const event of watchEvents('workflow/watch-nodes.jsonl')) nodeStream.send(event);
  await events.next('step-end', /Serial step accomplished/);
  workflowStream!.send(accomplished);
  const result = await running;

  assert.equal(result.outcome, 'finished');
  assert.deepEqual(
    result.events.map((e) => `${e.kind} ${e.step}`),
    [
      'info capsule-odyssey-partition',
      'info capsule-odyssey-partition',
      'step-start the-entry',
      'step-start create-test-data',
      'step-end create-test-data',
      'step-start partition',
      'fault-injected partition',
      'fault-removed partition',
      'step-end partition',
      'step-start verify-consistency',
      'step-end verify-consistency',
      'step-end the-entry',
      'info capsule-odyssey-partition',
      'fault-gone capsule-odyssey-partition',
    ],
  );
  const nodeWatch = api.requests.find((r) => r.path === nodesPath)!;
  assert.equal(nodeWatch.query.labelSelector, 'chaos-mesh.org/workflow=capsule-odyssey-partition');
  assert.equal(nodeWatch.query.resourceVersion, undefined, 'nodes created before the watch are replayed');
  assert.equal(
    api.made('DELETE', `${workflows}/capsule-odyssey-partition`)[0]!.query.propagationPolicy,
    'Foreground',
  );
});

test('every shipped experiment is posted unchanged under its kind’s plural', async (t) => {
  await freshApi();
  t.after(() => api.close());
  const backend = createK8sChaosBackend({ kubeconfig: api.kubeconfig });
  const experiments = findExperiments();
  assert.ok(experiments.length >= 4);
  for (const experiment of experiments) {
    const metadata = experiment.manifest.metadata as { name: string; namespace?: string };
    const collection = `/apis/chaos-mesh.org/v1alpha1/namespaces/${metadata.namespace ?? 'butterfly'}/${experiment.kind === 'Workflow' ? 'workflows' : experiment.kind.toLowerCase()}`;
    const created = { ...experiment.manifest, metadata: { ...metadata, uid: 'u', resourceVersion: '1' } };
    api.on('POST', collection, { status: 201, body: created });
    api.onWatch(collection, () => {});
    api.onWatch(
      `/apis/chaos-mesh.org/v1alpha1/namespaces/${metadata.namespace ?? 'butterfly'}/workflownodes`,
      () => {},
    );
    api.on('DELETE', `${collection}/${metadata.name}`, { status: 200, body: created });
    api.on('GET', `${collection}/${metadata.name}`, {
      status: 404,
      body: fixture('status/not-found-404.json'),
    });
    const interrupt = new AbortController();
    const result = await backend.run(experiment, {
      environment: 'staging',
      force: false,
      timeoutMs: 600_000,
      signal: interrupt.signal,
      onEvent: (e) => e.detail.startsWith('applied') && interrupt.abort(),
    });
    assert.equal(result.removed, true, experiment.name);
    const posted = api.made('POST', collection).at(-1)!;
    assert.deepEqual(posted.body, experiment.manifest, experiment.name);
  }
});

test('no kubeconfig anywhere is an error, not a silent localhost:8080', async () => {
  const backend = createK8sChaosBackend({ env: { HOME: '/nonexistent-home' } });
  await assert.rejects(
    backend.run(partition, { environment: 'staging', force: false, timeoutMs: 1000, onEvent: () => {} }),
    (e: unknown) => e instanceof ChaosKubeError && e.message.startsWith('no Kubernetes configuration'),
  );
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
