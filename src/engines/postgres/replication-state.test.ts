import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterView } from './patroni-cluster.ts';
import { withStreamingState } from './replication-state.ts';

const view: ClusterView = {
  leader: { name: 'postgres-0', host: '127.0.3.1', port: 5432 },
  replicas: [
    {
      name: 'postgres-1',
      host: '127.0.3.2',
      port: 5432,
      role: 'replica',
      state: 'running',
      lagBytes: 0,
      readable: true,
    },
  ],
  others: [],
  source: 'http://127.0.3.1:8008',
};

test('a replica the leader streams to stays readable, and says it streams', () => {
  const next = withStreamingState(view, new Set(['postgres-1']));
  assert.equal(next.replicas[0]?.readable, true);
  assert.equal(next.replicas[0]?.streaming, true);
});

test('a replica Patroni calls running but the leader does not stream to is not readable', () => {
  const next = withStreamingState(view, new Set());
  assert.equal(next.replicas[0]?.readable, false);
  assert.equal(next.replicas[0]?.streaming, false);
});

test('without an answer from the leader the view stands as Patroni gave it', () => {
  assert.equal(withStreamingState(view, undefined), view);
  assert.equal(withStreamingState({ ...view, leader: null }, new Set()).replicas[0]?.readable, true);
});
