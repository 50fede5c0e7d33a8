import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enginePods } from '../index.ts';
import { adminTools, runbookRedisArgs } from './admin-tools.ts';
import { engineBinaries } from './engine-binaries.ts';

const context = { stateDir: '/state', binaries: engineBinaries('/cache') };
const pod = (engine: 'cassandra' | 'postgres' | 'etcd' | 'redis', ordinal: number) =>
  enginePods(engine)[ordinal]!;

function command(
  engine: 'cassandra' | 'postgres' | 'etcd' | 'redis',
  ordinal: number,
  tool: string,
  args: string[],
) {
  const entry = adminTools(pod(engine, ordinal), context)[tool];
  assert.equal(entry?.kind, 'process');
  return entry.command(args);
}

test('each engine pod offers its admin tools by name', () => {
  assert.deepEqual(Object.keys(adminTools(pod('cassandra', 0), context)), ['nodetool', 'cqlsh', 'cql']);
  assert.deepEqual(Object.keys(adminTools(pod('postgres', 0), context)), [
    'patronictl',
    'psql',
    'pg_isready',
  ]);
  assert.deepEqual(Object.keys(adminTools(pod('etcd', 0), context)), ['etcdctl']);
  assert.deepEqual(Object.keys(adminTools(pod('redis', 0), context)), ['redis-cli']);
});

test('the tools address the pod itself', () => {
  const nodetool = command('cassandra', 1, 'nodetool', ['status']);
  assert.deepEqual(nodetool.args.slice(-5), ['-h', '127.0.0.1', '-p', '7200', 'status']);
  assert.deepEqual(command('postgres', 1, 'patronictl', ['list']).args, [
    '-c',
    '/state/pods/postgres-1/patroni.yml',
    'list',
  ]);
  const psql = command('postgres', 0, 'psql', ['-c', 'SELECT 1']);
  assert.deepEqual(psql.args.slice(0, 4), ['-h', '127.0.3.1', '-p', '5432']);
  assert.deepEqual(psql.args.slice(-2), ['-c', 'SELECT 1']);
  assert.ok(psql.env?.PGPASSWORD);
  assert.deepEqual(command('redis', 2, 'redis-cli', ['cluster', 'info']).args, [
    '-h',
    '127.0.4.3',
    '-p',
    '6379',
    'cluster',
    'info',
  ]);
  assert.deepEqual(command('etcd', 0, 'etcdctl', ['endpoint', 'health']).args, [
    '--endpoints=http://127.0.3.10:2379',
    'endpoint',
    'health',
  ]);
});

test("the runbook's `redis-cli cluster check localhost:6379` becomes redis-cli's --cluster check of the pod", () => {
  const redis0 = pod('redis', 0);
  assert.deepEqual(runbookRedisArgs(redis0, ['cluster', 'check', 'localhost:6379']), [
    '--cluster',
    'check',
    '127.0.4.1:6379',
  ]);
  assert.deepEqual(runbookRedisArgs(redis0, ['cluster', 'check']), ['--cluster', 'check', '127.0.4.1:6379']);
  assert.deepEqual(runbookRedisArgs(redis0, ['cluster', 'nodes']), ['cluster', 'nodes']);
});
