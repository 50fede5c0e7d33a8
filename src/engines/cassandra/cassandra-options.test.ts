import { test } from 'node:test';
import assert from 'node:assert/strict';
import { types } from 'cassandra-driver';
import { loadServiceConfig } from '../../kit/config/index.ts';
import {
  CONNECTIONS_PER_HOST,
  MAX_REQUESTS_PER_CONNECTION,
  cassandraSettingsOf,
  clientOptionsFor,
  speculativeDelayMs,
} from './cassandra-options.ts';

const config = loadServiceConfig('capsule', {
  BUTTERFLY_PROFILE: 'local',
  BUTTERFLY_CASSANDRA_CONTACT_POINTS: '10.0.0.1, 10.0.0.2',
  BUTTERFLY_CASSANDRA_DATACENTER: 'dc-east',
  BUTTERFLY_CASSANDRA_KEYSPACE: 'ks_test',
  BUTTERFLY_DB_CONNECT_TIMEOUT: '1500ms',
  BUTTERFLY_DB_QUERY_TIMEOUT: '3s',
});

test('settings come from config.engines: contact points, data center, keyspace and both timeouts', () => {
  assert.deepEqual(cassandraSettingsOf(config), {
    contactPoints: ['10.0.0.1', '10.0.0.2'],
    datacenter: 'dc-east',
    keyspace: 'ks_test',
    connectTimeoutMs: 1500,
    queryTimeoutMs: 3000,
    schemaTimeoutMs: 30_000,
  });
});

test('the driver options: LOCAL_QUORUM by default, LOCAL_SERIAL for LWTs, prepared, nothing idempotent unless marked', () => {
  const options = clientOptionsFor(cassandraSettingsOf(config));
  assert.deepEqual(options.contactPoints, ['10.0.0.1', '10.0.0.2']);
  assert.equal(options.localDataCenter, 'dc-east');
  assert.equal(options.keyspace, 'ks_test');
  assert.equal(options.queryOptions?.consistency, types.consistencies.localQuorum);
  assert.equal(options.queryOptions?.serialConsistency, types.consistencies.localSerial);
  assert.equal(options.queryOptions?.prepare, true);
  assert.equal(options.queryOptions?.isIdempotent, false);
});

test('the driver options: connect and read timeouts from config, and a bounded pool', () => {
  const options = clientOptionsFor(cassandraSettingsOf(config));
  assert.equal(options.socketOptions?.connectTimeout, 1500);
  assert.equal(options.socketOptions?.readTimeout, 3000);
  assert.deepEqual(options.pooling?.coreConnectionsPerHost, {
    [types.distance.local]: CONNECTIONS_PER_HOST,
    [types.distance.remote]: 0,
  });
  assert.equal(options.pooling?.maxRequestsPerConnection, MAX_REQUESTS_PER_CONNECTION);
  assert.ok(options.policies?.speculativeExecution, 'idempotent statements may be speculated');
  assert.equal(options.protocolOptions?.maxSchemaAgreementWaitSeconds, 30);
});

test('speculation starts after a quarter of the query timeout, never sooner than 50 ms', () => {
  assert.equal(speculativeDelayMs(2000), 500);
  assert.equal(speculativeDelayMs(100), 50);
});
