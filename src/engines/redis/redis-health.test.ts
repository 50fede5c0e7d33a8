import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterStatus } from 'ioredis';
import type { RedisClusterClient } from './redis-connection.ts';
import { redisHealthIndicator, type RedisHealthSource } from './redis-health.ts';
import { compileRedisOptions } from './redis-options.ts';
import { loadServiceConfig } from '../../kit/config/index.ts';

const options = compileRedisOptions(loadServiceConfig('synapse', {}));
const NODES = [
  '4515 127.0.4.1:6379@16379 myself,master - 0 0 1 connected 0-5460',
  '217c 127.0.4.2:6379@16379 master - 0 0 2 connected 5461-10922',
  'f19b 127.0.4.3:6379@16379 master - 0 0 3 connected 10923-16383',
].join('\n');

/** A connection whose cluster answers `answers` (or fails with an Error value). */
function fakeConnection(
  state: { status: ClusterStatus; lastError?: string; becomesReady?: boolean },
  answers: Record<string, string | Error>,
): RedisHealthSource & { waited: number } {
  const client = {
    cluster: async (sub: string) => {
      const answer = answers[sub];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as RedisClusterClient;
  const source = {
    options,
    waited: 0,
    get status() {
      return state.status;
    },
    get lastError() {
      return state.lastError;
    },
    async whenReady() {
      source.waited++;
      if (state.becomesReady) state.status = 'ready';
      return state.becomesReady ?? false;
    },
    run: <T>(_what: string, operation: (c: RedisClusterClient) => Promise<T>) => operation(client),
  };
  return source;
}

const signal = new AbortController().signal;

test('UP with the cluster details when cluster_state is ok; never part of readiness', async () => {
  const indicator = redisHealthIndicator(
    fakeConnection(
      { status: 'ready' },
      { INFO: 'cluster_state:ok\r\ncluster_known_nodes:6\r\ncluster_size:3\r\n', NODES },
    ),
  );
  assert.equal(indicator.name, 'redis');
  assert.equal(indicator.readiness, false);
  assert.deepEqual(await indicator.check(signal), {
    status: 'UP',
    details: {
      clusterState: 'ok',
      knownNodes: 6,
      size: 3,
      masters: ['127.0.4.1:6379 (0-5460)', '127.0.4.2:6379 (5461-10922)', '127.0.4.3:6379 (10923-16383)'],
      failedNodes: [],
      clientStatus: 'ready',
    },
  });
});

test('DOWN when the cluster says fail', async () => {
  const health = await redisHealthIndicator(
    fakeConnection({ status: 'ready' }, { INFO: 'cluster_state:fail\r\n', NODES }),
  ).check(signal);
  assert.equal(health.status, 'DOWN');
  assert.equal(health.details?.clusterState, 'fail');
});

test('DOWN at once, with the reason, when the client already failed to connect', async () => {
  const connection = fakeConnection(
    { status: 'reconnecting', lastError: 'Failed to refresh slots cache.' },
    { INFO: new Error('must not be asked'), NODES },
  );
  assert.deepEqual(await redisHealthIndicator(connection).check(signal), {
    status: 'DOWN',
    details: { clientStatus: 'reconnecting', error: 'Failed to refresh slots cache.' },
  });
  assert.equal(connection.waited, 0, 'a known failure is not waited on');
});

test('the first connection is waited for, within the budget', async () => {
  const connection = fakeConnection(
    { status: 'connecting', becomesReady: true },
    { INFO: 'cluster_state:ok\r\n', NODES },
  );
  const indicator = redisHealthIndicator(connection);
  assert.equal((await indicator.check(signal)).status, 'UP');
  assert.equal(connection.waited, 1);
  assert.ok(indicator.timeoutMs! > options.connectTimeoutMs + 2 * options.commandTimeoutMs);
});

test('a failing command propagates (the registry reports it as DOWN with the message)', async () => {
  const indicator = redisHealthIndicator(
    fakeConnection({ status: 'ready' }, { INFO: new Error('redis unavailable: CLUSTER INFO'), NODES }),
  );
  await assert.rejects(indicator.check(signal), /CLUSTER INFO/);
});
