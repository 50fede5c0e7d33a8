import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchEvents } from '../../../test/fixtures/k8s/fake-kube-api.ts';
import type { KubeObject } from './kube-object.ts';
import { WorkflowNodeProgress, WorkflowProgress } from './workflow-progress.ts';

type WatchLine = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject };

test('workflow nodes become step start/end events, with the chaos step injected and removed', () => {
  const nodes = new WorkflowNodeProgress();
  const events = (watchEvents('workflow/watch-nodes.jsonl') as WatchLine[]).flatMap((line) =>
    nodes.observe(line.type, line.object),
  );
  assert.deepEqual(
    events.map((e) => `${e.kind} ${e.step}: ${e.detail}`),
    [
      'step-start the-entry: Serial step started (the-entry-8x2kq)',
      'step-start create-test-data: Task step started (create-test-data-5jx2p)',
      'step-end create-test-data: Task step accomplished',
      'step-start partition: NetworkChaos step started (partition-q8w3z)',
      'fault-injected partition: NetworkChaos injected (NetworkChaos partition-q8w3z)',
      'fault-removed partition: NetworkChaos step over; Chaos Mesh recovers its chaos',
      'step-end partition: NetworkChaos step deadline reached',
      'step-start verify-consistency: StatusCheck step started (verify-consistency-m2v7d)',
      'step-end verify-consistency: StatusCheck step accomplished',
      'step-end the-entry: Serial step accomplished',
    ],
  );
  assert.equal(nodes.faultActive, false);
});

test('a node replayed as ADDED after a re-watch is not started twice, and a deleted node ends its step', () => {
  const nodes = new WorkflowNodeProgress();
  const lines = watchEvents('workflow/watch-nodes.jsonl') as WatchLine[];
  const injected = lines[5]!.object;
  nodes.observe('ADDED', lines[4]!.object);
  assert.deepEqual(
    nodes.observe('MODIFIED', injected).map((e) => e.kind),
    ['fault-injected'],
  );
  assert.equal(nodes.faultActive, true);
  assert.deepEqual(nodes.observe('ADDED', injected), []);
  assert.deepEqual(
    nodes.observe('DELETED', injected).map((e) => [e.kind, e.detail]),
    [
      ['fault-removed', 'NetworkChaos step over; Chaos Mesh recovers its chaos'],
      ['step-end', 'NetworkChaos step node deleted before it ended'],
    ],
  );
});

test('an aborted status check is a failed probe', () => {
  const nodes = new WorkflowNodeProgress();
  const node = {
    metadata: { name: 'verify-1' },
    spec: { templateName: 'verify', type: 'StatusCheck' },
    status: { conditions: [{ type: 'Aborted', status: 'True', reason: 'StatusCheckFailed' }] },
  };
  assert.deepEqual(
    nodes.observe('MODIFIED', node).map((e) => [e.kind, e.detail]),
    [
      ['step-start', 'StatusCheck step started (verify-1)'],
      ['probe-failed', 'step aborted: StatusCheckFailed'],
    ],
  );
});

test('the workflow is finished once Accomplished is True, whatever the conditions order', () => {
  const workflow = new WorkflowProgress('capsule-odyssey-partition');
  const [scheduled, accomplished] = (watchEvents('workflow/watch-workflow.jsonl') as WatchLine[]).map(
    (l) => l.object,
  );
  assert.deepEqual(
    workflow.observe(scheduled!).map((e) => e.detail),
    ['workflow scheduled'],
  );
  assert.equal(workflow.finished, false);
  assert.deepEqual(
    workflow.observe(accomplished!).map((e) => e.detail),
    ['workflow accomplished'],
  );
  assert.equal(workflow.finished, true);
});
