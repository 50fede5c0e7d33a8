import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadServiceConfig } from '../../kit/config/index.ts';
import { ConfigError } from '../../kit/errors/index.ts';
import { compileRedisOptions, parseNodeAddress, reconnectDelayMs } from './redis-options.ts';

test('the options come from the engines config, frozen', () => {
  const config = loadServiceConfig('nexus', {
    BUTTERFLY_REDIS_NODES: '127.0.4.1:6379, 127.0.4.2:6380',
    BUTTERFLY_DB_CONNECT_TIMEOUT: '1500ms',
    BUTTERFLY_REDIS_COMMAND_TIMEOUT: '300ms',
  });
  const options = compileRedisOptions(config);
  assert.deepEqual(options.nodes, [
    { host: '127.0.4.1', port: 6379 },
    { host: '127.0.4.2', port: 6380 },
  ]);
  assert.equal(options.connectTimeoutMs, 1500);
  assert.equal(options.commandTimeoutMs, 300);
  assert.equal(options.clientName, 'butterfly-nexus');
  assert.ok(Object.isFrozen(options) && Object.isFrozen(options.nodes));
});

test('node addresses are host:port; a bad one is named in a ConfigError', () => {
  assert.deepEqual(parseNodeAddress('redis-0:6379'), { host: 'redis-0', port: 6379 });
  assert.deepEqual(parseNodeAddress('[::1]:7000'), { host: '::1', port: 7000 });
  for (const bad of ['127.0.4.1', '127.0.4.1:0', '127.0.4.1:70000', ':6379', 'a b:1']) {
    assert.throws(
      () => parseNodeAddress(bad),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues[0]?.field === 'BUTTERFLY_REDIS_NODES' &&
        error.message.includes(`'${bad}'`),
      bad,
    );
  }
});

test('reconnect delays double from the base up to the cap, jittered in the upper half', () => {
  const options = { reconnectBaseMs: 100, reconnectMaxMs: 2000 };
  const low = (attempt: number) => reconnectDelayMs(options, attempt, () => 0);
  const high = (attempt: number) => reconnectDelayMs(options, attempt, () => 1);
  assert.deepEqual([1, 2, 3, 4, 5, 6, 50].map(high), [100, 200, 400, 800, 1600, 2000, 2000]);
  assert.deepEqual([1, 2, 6].map(low), [50, 100, 1000]);
  assert.equal(high(10_000), 2000, 'never gives up, never grows past the cap');
});
