import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_LABELS, POD_NAMES, SERVICE_NAMES } from '../kit/platform/index.ts';
import { ENGINE_REPLICAS, localTopology } from './local-topology.ts';
import { ENGINES, isEnginePod } from './topology.ts';

const topology = localTopology();
const byName = (name: string) => topology.pods.find((pod) => pod.name === name)!;

test('the local topology has the six services and every engine pod, each on its own loopback address', () => {
  assert.equal(topology.profile, 'local');
  assert.equal(
    topology.pods.length,
    6 + 1 + 2 + 3 + 6 + 1,
    'services, etcd, postgres, cassandra, redis, the exporter',
  );
  const addresses = topology.pods.map((pod) => pod.address);
  assert.equal(new Set(addresses).size, addresses.length, 'addresses are unique');
  for (const address of addresses) assert.match(address, /^127\.\d+\.\d+\.\d+$/);
  // Local JMX binds 127.0.0.1:7199–7201; only the exporter lives there, on a port of its own.
  const onLocalhost = topology.pods.filter((pod) => pod.address === '127.0.0.1');
  assert.deepEqual(
    onLocalhost.map((pod) => [pod.name, Object.values(pod.ports)]),
    [['butterfly-exporter', [9300]]],
  );
});

test('services run on 8080 at 127.0.1.x with the runbook names and app labels', () => {
  const expected = [
    'perception-api',
    'capsule-service',
    'odyssey-core',
    'plato-service',
    'nexus-service',
    'synapse-service',
  ];
  SERVICE_NAMES.forEach((service, index) => {
    const pod = byName(POD_NAMES[service]);
    assert.equal(pod.name, expected[index]);
    assert.equal(pod.address, `127.0.1.${index + 1}`);
    assert.deepEqual(pod.ports, { http: 8080 });
    assert.equal(pod.labels.app, APP_LABELS[service]);
    assert.equal(pod.service, service);
    assert.equal(pod.uid, undefined);
  });
});

test('engine pods have their addresses, ports and app labels', () => {
  assert.deepEqual(
    ['cassandra-0', 'cassandra-1', 'cassandra-2'].map((name) => [byName(name).address, byName(name).ports]),
    [
      ['127.0.2.1', { cql: 9042, storage: 7000, jmx: 7199 }],
      ['127.0.2.2', { cql: 9042, storage: 7000, jmx: 7200 }],
      ['127.0.2.3', { cql: 9042, storage: 7000, jmx: 7201 }],
    ],
  );
  assert.equal(byName('etcd-0').address, '127.0.3.10');
  assert.deepEqual(byName('etcd-0').ports, { client: 2379, peer: 2380 });
  assert.deepEqual(
    ['postgres-0', 'postgres-1'].map((name) => byName(name).address),
    ['127.0.3.1', '127.0.3.2'],
  );
  assert.deepEqual(byName('postgres-1').ports, { postgres: 5432, patroni: 8008 });
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => byName(`redis-${n}`).address),
    ['127.0.4.1', '127.0.4.2', '127.0.4.3', '127.0.4.4', '127.0.4.5', '127.0.4.6'],
  );
  assert.deepEqual(byName('redis-5').ports, { redis: 6379, bus: 16379 });
  for (const engine of ENGINES) {
    const pods = topology.pods.filter((pod) => pod.labels.app === engine);
    assert.equal(pods.length, ENGINE_REPLICAS[engine]);
    for (const pod of pods) assert.equal(pod.labels.role, undefined, 'no engine role is static');
  }
});

test('every engine pod has its own stable, non-root uid', () => {
  const engines = topology.pods.filter(isEnginePod);
  assert.equal(engines.length, 12);
  const uids = engines.map((pod) => pod.uid);
  assert.equal(new Set(uids).size, uids.length);
  for (const uid of uids) assert.ok(uid >= 2100 && uid < 2200, `uid ${uid} in the butterfly range`);
  assert.equal(byName('cassandra-0').uid, 2110);
  assert.equal(byName('postgres-1').uid, 2121);
  assert.equal(byName('etcd-0').uid, 2130);
  assert.equal(byName('redis-5').uid, 2145);
  assert.deepEqual(localTopology(), topology, 'the same on every call');
});
