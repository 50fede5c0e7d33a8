import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redisCollector, type RedisNode, type RedisNodeView } from './redis.ts';

const nodes: RedisNode[] = [0, 1, 2, 3, 4, 5].map((n) => ({
  name: `redis-${n}`,
  address: `127.0.4.${n + 1}`,
  port: 6379,
}));
const ok: RedisNodeView = { info: { cluster_state: 'ok', cluster_known_nodes: '6' }, failing: [] };

async function scrape(answer: (node: RedisNode) => RedisNodeView | 'down') {
  const collector = redisCollector({
    nodes,
    probe: async (node) => {
      const view = answer(node);
      if (view === 'down') throw new Error('ECONNREFUSED');
      return view;
    },
  });
  const samples = await collector.collect(new AbortController().signal);
  const one = (name: string) => samples.find((s) => s.name === name)!;
  assert.equal(one('redis_cluster_state').labels.cluster, 'butterfly');
  return {
    state: one('redis_cluster_state').value,
    known: one('redis_cluster_known_nodes').value,
    failed: one('redis_cluster_failed_nodes').value,
    up: samples.filter((s) => s.name === 'redis_node_up' && s.value === 1).map((s) => s.labels.node),
  };
}

test('a healthy cluster: ok, six known, none failed, every node up', async () => {
  assert.deepEqual(await scrape(() => ok), {
    state: 1,
    known: 6,
    failed: 0,
    up: nodes.map((node) => node.name),
  });
});

test('a killed master after failover: the cluster is ok again but the dead node counts as failed', async () => {
  const result = await scrape((node) =>
    node.name === 'redis-1' ? 'down' : { ...ok, failing: ['127.0.4.2:6379'] },
  );
  assert.equal(result.state, 1);
  assert.equal(result.failed, 1);
  assert.equal(result.known, 6);
  assert.ok(!result.up.includes('redis-1'));
});

test('a node that answers but is flagged fail by the others counts once as failed', async () => {
  const result = await scrape((node) =>
    node.name === 'redis-4' ? ok : { ...ok, failing: ['127.0.4.5:6379'] },
  );
  assert.equal(result.failed, 1);
  assert.equal(result.up.length, 6);
});

test('any answering node reporting fail makes the cluster fail; no answer at all is fail', async () => {
  const failing = await scrape((node) =>
    node.name === 'redis-0' ? { info: { cluster_state: 'fail', cluster_known_nodes: '6' }, failing: [] } : ok,
  );
  assert.equal(failing.state, 0);
  const silent = await scrape(() => 'down');
  assert.deepEqual(silent, { state: 0, known: 0, failed: 6, up: [] });
});
