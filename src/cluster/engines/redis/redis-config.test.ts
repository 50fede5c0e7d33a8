import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enginePods } from '../../index.ts';
import { parseClusterNodes, parseInfo } from './redis-cluster.ts';
import { renderRedisConf } from './redis-config.ts';

const conf = (text: string) =>
  new Map(
    text
      .trim()
      .split('\n')
      .map((line) => [line.split(' ')[0]!, line.slice(line.indexOf(' ') + 1)]),
  );

test('redis.conf enables the cluster, announces the pod address and persists with an append-only file', () => {
  const pod = enginePods('redis')[3]!;
  const settings = conf(renderRedisConf(pod, '/state/pods/redis-3'));
  assert.equal(settings.get('bind'), '127.0.4.4');
  assert.equal(settings.get('port'), '6379');
  assert.equal(settings.get('cluster-enabled'), 'yes');
  assert.equal(settings.get('cluster-announce-ip'), '127.0.4.4');
  assert.equal(settings.get('repl-diskless-sync-delay'), '0');
  assert.equal(settings.get('appendonly'), 'yes');
  assert.equal(settings.get('dir'), '/state/pods/redis-3');
  assert.equal(settings.get('daemonize'), 'no');
});

test('CLUSTER INFO and CLUSTER NODES are parsed', () => {
  assert.deepEqual(
    parseInfo('cluster_state:ok\r\ncluster_known_nodes:6\r\n# Replication\r\nrole:slave\r\n'),
    {
      cluster_state: 'ok',
      cluster_known_nodes: '6',
      role: 'slave',
    },
  );
  const nodes = parseClusterNodes(
    [
      'a1 127.0.4.1:6379@16379 myself,master - 0 0 1 connected 0-5460',
      'b2 127.0.4.5:6379@16379 slave a1 0 1764350000000 1 connected',
      'c3 127.0.4.2:6379@16379 master,fail - 1764350000000 1764350000000 2 disconnected 5461-10922',
    ].join('\n'),
  );
  assert.deepEqual(
    nodes.map((node) => [node.address, node.role, node.masterId, node.linkState]),
    [
      ['127.0.4.1:6379', 'master', undefined, 'connected'],
      ['127.0.4.5:6379', 'replica', 'a1', 'connected'],
      ['127.0.4.2:6379', 'master', undefined, 'disconnected'],
    ],
  );
  assert.ok(nodes[2]!.flags.includes('fail'));
});
