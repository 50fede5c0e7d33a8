import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample } from '../../exporter/index.ts';
import { engineSeries } from './engine-series.ts';

const success = (collector: string, value = 1): Sample => ({
  name: 'butterfly_exporter_collector_success',
  labels: { collector },
  value,
});

test("the exporter's series read back: nodes, members with roles and lag, Redis, the matrix", () => {
  const samples: Sample[] = [
    success('cassandra'),
    success('postgres'),
    success('redis'),
    success('connectivity'),
    {
      name: 'cassandra_node_status',
      labels: { cluster: 'butterfly', node: 'cassandra-0', status: 'up' },
      value: 1,
    },
    {
      name: 'cassandra_node_status',
      labels: { cluster: 'butterfly', node: 'cassandra-0', status: 'down' },
      value: 0,
    },
    {
      name: 'cassandra_node_status',
      labels: { cluster: 'butterfly', node: 'cassandra-1', status: 'up' },
      value: 0,
    },
    {
      name: 'cassandra_node_status',
      labels: { cluster: 'butterfly', node: 'cassandra-1', status: 'down' },
      value: 1,
    },
    { name: 'pg_up', labels: { instance: 'postgres-0', role: 'primary' }, value: 0 },
    { name: 'pg_up', labels: { instance: 'postgres-1', role: 'replica' }, value: 1 },
    { name: 'pg_replication_lag', labels: { database: 'butterfly', instance: 'postgres-1' }, value: 1.234 },
    { name: 'redis_cluster_state', labels: { cluster: 'butterfly' }, value: 1 },
    { name: 'redis_cluster_known_nodes', labels: { cluster: 'butterfly' }, value: 6 },
    { name: 'redis_cluster_failed_nodes', labels: { cluster: 'butterfly' }, value: 1 },
    { name: 'redis_node_up', labels: { cluster: 'butterfly', node: 'redis-0' }, value: 0 },
    {
      name: 'probe_http_status_code',
      labels: { job: 'blackbox-exporter', source: 'capsule', target: 'odyssey' },
      value: 0,
    },
    {
      name: 'probe_http_status_code',
      labels: { job: 'blackbox-exporter', source: 'odyssey', target: 'plato' },
      value: 200,
    },
  ];
  assert.deepEqual(engineSeries(samples), {
    failedCollectors: [],
    cassandra: [
      { node: 'cassandra-0', up: true },
      { node: 'cassandra-1', up: false },
    ],
    postgres: [
      { member: 'postgres-0', role: 'primary', running: false },
      { member: 'postgres-1', role: 'replica', running: true, lagSeconds: 1.2 },
    ],
    redis: {
      clusterOk: true,
      knownNodes: 6,
      failedNodes: 1,
      nodes: [{ node: 'redis-0', up: false, failed: true }],
    },
    matrix: [
      { source: 'capsule', target: 'odyssey', status: 0 },
      { source: 'odyssey', target: 'plato', status: 200 },
    ],
  });
});

test('a failed collector leaves its part out (not observed) instead of reading as all down', () => {
  const series = engineSeries([success('cassandra', 0), success('postgres')]);
  assert.equal(series.cassandra, undefined);
  assert.deepEqual(series.postgres, []);
  assert.deepEqual(series.failedCollectors, ['cassandra']);
});
