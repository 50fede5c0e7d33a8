import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cassandraCollector, type CassandraNode } from './cassandra.ts';

const nodes: CassandraNode[] = [0, 1, 2].map((n) => ({
  name: `cassandra-${n}`,
  address: `127.0.2.${n + 1}`,
  port: 9042,
}));
const statusOf = (samples: Awaited<ReturnType<ReturnType<typeof cassandraCollector>['collect']>>) =>
  Object.fromEntries(samples.map((s) => [`${s.labels.node}/${s.labels.status}`, s.value]));

test('every node gets an up and a down series, 1 for its current status', async () => {
  const collector = cassandraCollector({ nodes, probe: async (node) => node.name !== 'cassandra-2' });
  const samples = await collector.collect(new AbortController().signal);
  assert.deepEqual(statusOf(samples), {
    'cassandra-0/up': 1,
    'cassandra-0/down': 0,
    'cassandra-1/up': 1,
    'cassandra-1/down': 0,
    'cassandra-2/up': 0,
    'cassandra-2/down': 1,
  });
  assert.ok(samples.every((s) => s.name === 'cassandra_node_status' && s.labels.cluster === 'butterfly'));
});

test('a probe that throws counts as down, without hiding the other nodes', async () => {
  const collector = cassandraCollector({
    nodes,
    probe: async (node) => {
      if (node.name === 'cassandra-0') throw new Error('ECONNREFUSED');
      return true;
    },
  });
  const status = statusOf(await collector.collect(new AbortController().signal));
  assert.equal(status['cassandra-0/down'], 1);
  assert.equal(status['cassandra-1/up'], 1);
  assert.equal(status['cassandra-2/up'], 1);
});
