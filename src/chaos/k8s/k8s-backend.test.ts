import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, watchEvents, type WatchStream } from '../../../test/fixtures/k8s/fake-kube-api.ts';
import { experimentOf } from '../../../test/fixtures/k8s/experiment-of.ts';
import { ManualClock } from '../../kit/time/testing/index.ts';
import type { RunEvent } from '../report/index.ts';
import { findExperiments } from '../spec/index.ts';
import { createK8sChaosBackend } from './k8s-backend.ts';
import {
  BASE,
  NETWORK,
  PARTITION,
  partition,
  api,
  freshApi,
  serveObject,
  kinds,
  eventWaiter,
} from '../../../test/fixtures/k8s/backend-harness.ts';

before(async () => {
  // One client-node import for the file; each test gets its own server.
  await import('@kubernetes/client-node');
});

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
