import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineBinaries } from '../engines/index.ts';
import { localEnginePods, localEngineSpecs } from './engine-pods.ts';

const context = { stateDir: '/state', binaries: engineBinaries('/cache') };
const pods = localEnginePods();
const specs = localEngineSpecs(pods, context);
const spec = (id: string) => specs.find((candidate) => candidate.id === id)!;

test('every engine pod runs under its own uid through setpriv, logging to logs/<pod>.log', () => {
  assert.deepEqual(
    specs.map((s) => s.id),
    pods.map((pod) => pod.name),
  );
  for (const pod of pods) {
    const { command, args, logFile, env } = spec(pod.name);
    assert.equal(command, '/usr/bin/setpriv');
    assert.deepEqual(args.slice(0, 4), [`--reuid=${pod.uid}`, `--regid=${pod.uid}`, '--clear-groups', '--']);
    assert.equal(logFile, `/state/logs/${pod.name}.log`);
    assert.equal(env.HOME, `/state/pods/${pod.name}`);
  }
});

test('each engine runs its daemon in the foreground with its own configuration', () => {
  const cassandra = spec('cassandra-2').args;
  assert.equal(cassandra[4], context.binaries.java);
  assert.ok(cassandra.includes('-Dcassandra.jmx.local.port=7201'));
  assert.ok(cassandra.includes('-Dcassandra.config=file:///state/pods/cassandra-2/conf/cassandra.yaml'));
  assert.ok(cassandra.includes('/cache/cassandra-5.0.9/lib/*'));
  assert.equal(cassandra.at(-1), 'org.apache.cassandra.service.CassandraDaemon');
  assert.deepEqual(spec('postgres-1').args.slice(4), [
    '/usr/bin/patroni',
    '/state/pods/postgres-1/patroni.yml',
  ]);
  assert.deepEqual(spec('redis-4').args.slice(4), [
    '/usr/bin/redis-server',
    '/state/pods/redis-4/redis.conf',
  ]);
  const etcd = spec('etcd-0').args;
  assert.equal(etcd[4], '/usr/bin/etcd');
  assert.equal(etcd[etcd.indexOf('--listen-client-urls') + 1], 'http://127.0.3.10:2379');
  assert.equal(etcd[etcd.indexOf('--data-dir') + 1], '/state/pods/etcd-0/data');
});
