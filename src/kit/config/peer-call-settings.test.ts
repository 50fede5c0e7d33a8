import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../errors/index.ts';
import { loadServiceConfig } from './load.ts';

function fieldsOf(env: Record<string, string>): string[] {
  try {
    loadServiceConfig('odyssey', env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues.map((issue) => issue.field);
  }
  assert.fail('expected a ConfigError');
}

test("breaker and retry defaults are the issue's: window 10, 5 calls, 50 %, 15 s, 3 probes; 3 tries", () => {
  const config = loadServiceConfig('odyssey', {});
  assert.deepEqual(config.breaker, {
    windowSize: 10,
    minimumCalls: 5,
    failureRateThreshold: 50,
    openMs: 15_000,
    halfOpenCalls: 3,
  });
  assert.deepEqual(config.peerRetry, { attempts: 3, initialDelayMs: 100, maxDelayMs: 1000 });
});

test('each breaker and retry setting is read, durations with units', () => {
  const config = loadServiceConfig('odyssey', {
    BUTTERFLY_BREAKER_WINDOW_SIZE: '20',
    BUTTERFLY_BREAKER_MINIMUM_CALLS: '8',
    BUTTERFLY_BREAKER_FAILURE_RATE: '75',
    BUTTERFLY_BREAKER_OPEN_DURATION: '30s',
    BUTTERFLY_BREAKER_HALF_OPEN_CALLS: '5',
    BUTTERFLY_PEER_RETRY_ATTEMPTS: '1',
    BUTTERFLY_PEER_RETRY_DELAY: '50ms',
    BUTTERFLY_PEER_RETRY_MAX_DELAY: '2s',
  });
  assert.deepEqual(config.breaker, {
    windowSize: 20,
    minimumCalls: 8,
    failureRateThreshold: 75,
    openMs: 30_000,
    halfOpenCalls: 5,
  });
  assert.deepEqual(config.peerRetry, { attempts: 1, initialDelayMs: 50, maxDelayMs: 2000 });
});

test('bad values are named by their key, alone or together', () => {
  assert.deepEqual(fieldsOf({ BUTTERFLY_BREAKER_FAILURE_RATE: '0' }), ['BUTTERFLY_BREAKER_FAILURE_RATE']);
  assert.deepEqual(fieldsOf({ BUTTERFLY_BREAKER_FAILURE_RATE: '101' }), ['BUTTERFLY_BREAKER_FAILURE_RATE']);
  assert.deepEqual(fieldsOf({ BUTTERFLY_BREAKER_HALF_OPEN_CALLS: 'three' }), [
    'BUTTERFLY_BREAKER_HALF_OPEN_CALLS',
  ]);
  assert.deepEqual(fieldsOf({ BUTTERFLY_PEER_RETRY_ATTEMPTS: '0' }), ['BUTTERFLY_PEER_RETRY_ATTEMPTS']);
  assert.deepEqual(fieldsOf({ BUTTERFLY_BREAKER_OPEN_DURATION: 'long' }), [
    'BUTTERFLY_BREAKER_OPEN_DURATION',
  ]);
  assert.deepEqual(fieldsOf({ BUTTERFLY_BREAKER_WINDOW_SIZE: '4' }), ['BUTTERFLY_BREAKER_MINIMUM_CALLS']);
  assert.deepEqual(fieldsOf({ BUTTERFLY_BREAKER_OPEN_DURATION: '2s', BUTTERFLY_PEER_TIMEOUT: '2s' }), [
    'BUTTERFLY_BREAKER_OPEN_DURATION',
  ]);
  assert.deepEqual(fieldsOf({ BUTTERFLY_PEER_RETRY_DELAY: '2s' }), ['BUTTERFLY_PEER_RETRY_MAX_DELAY']);
  assert.deepEqual(fieldsOf({ BUTTERFLY_PEER_SOURCE_ADDRESS: 'capsule-0' }), [
    'BUTTERFLY_PEER_SOURCE_ADDRESS',
  ]);
});

test("peer connections leave from a pod's own loopback address, not from 127.0.0.1 or a wildcard", () => {
  const source = (env: Record<string, string>) => loadServiceConfig('odyssey', env).peerSourceAddress;
  assert.equal(source({ BUTTERFLY_HOST: '127.0.1.3' }), '127.0.1.3');
  assert.equal(source({}), undefined, '127.0.0.1 is where loopback connections leave from anyway');
  assert.equal(source({ BUTTERFLY_HOST: 'localhost' }), undefined);
  assert.equal(
    source({ BUTTERFLY_HOST: '0.0.0.0', BUTTERFLY_AUTH: 'on', BUTTERFLY_JWT_SECRET: 'x'.repeat(32) }),
    undefined,
  );
  assert.equal(source({ BUTTERFLY_HOST: '127.0.1.3', BUTTERFLY_PEER_SOURCE_ADDRESS: 'none' }), undefined);
  assert.equal(source({ BUTTERFLY_PEER_SOURCE_ADDRESS: '127.0.9.1' }), '127.0.9.1');
});
