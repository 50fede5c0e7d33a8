import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterHealthDetails, parseInfoLines } from './cluster-info.ts';

const INFO_OK =
  'cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_known_nodes:6\r\ncluster_size:3\r\n';
const NODES_OK = [
  'a45c 127.0.4.4:6379@16379 slave f19b 0 1795888197000 3 connected',
  '4515 127.0.4.1:6379@16379 myself,master - 0 1795888198000 1 connected 0-5460',
  '745e 127.0.4.6:6379@16379 slave 217c 0 1795888199294 2 connected',
  'f19b 127.0.4.3:6379@16379 master - 0 1795888198000 3 connected 10923-16383',
  'f411 127.0.4.5:6379@16379 slave 4515 0 1795888198289 1 connected',
  '217c 127.0.4.2:6379@16379 master - 0 1795888197787 2 connected 5461-10922 [5462->-f19b]',
  '',
].join('\n');

test('a healthy cluster: state, node count, size and the three masters with their slots', () => {
  assert.deepEqual(clusterHealthDetails(INFO_OK, NODES_OK), {
    clusterState: 'ok',
    knownNodes: 6,
    size: 3,
    masters: ['127.0.4.1:6379 (0-5460)', '127.0.4.2:6379 (5461-10922)', '127.0.4.3:6379 (10923-16383)'],
    failedNodes: [],
  });
});

test('a failed master is listed as failed, not as a master; its promoted replica is a master', () => {
  const nodes = NODES_OK.replace(
    '4515 127.0.4.1:6379@16379 myself,master - 0 1795888198000 1 connected 0-5460',
    '4515 127.0.4.1:6379@16379 master,fail - 0 1795888198000 1 disconnected',
  )
    .replace('f411 127.0.4.5:6379@16379 slave 4515', 'f411 127.0.4.5:6379@16379 master -')
    .replace('1795888198289 1 connected', '1795888198289 7 connected 0-5460')
    .replace('a45c 127.0.4.4:6379@16379 slave', 'a45c 127.0.4.4:6379@16379 slave,fail?');
  const details = clusterHealthDetails(INFO_OK, nodes);
  assert.deepEqual(details.masters, [
    '127.0.4.2:6379 (5461-10922)',
    '127.0.4.3:6379 (10923-16383)',
    '127.0.4.5:6379 (0-5460)',
  ]);
  assert.deepEqual(details.failedNodes, ['127.0.4.1:6379 (fail)', '127.0.4.4:6379 (fail?)']);
});

test('a failed cluster state is reported as it is', () => {
  const details = clusterHealthDetails(
    'cluster_state:fail\ncluster_known_nodes:6\ncluster_size:3\n',
    NODES_OK,
  );
  assert.equal(details.clusterState, 'fail');
});

test('info lines skip section headers and keep values with colons', () => {
  assert.deepEqual(parseInfoLines('# Server\r\nredis_version:7.0.15\r\nexecutable:/usr/bin/x:y\r\n'), {
    redis_version: '7.0.15',
    executable: '/usr/bin/x:y',
  });
});
