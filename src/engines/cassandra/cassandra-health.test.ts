import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, type types } from 'cassandra-driver';
import { storeErrorOf } from './cassandra-errors.ts';
import { cassandraHealth, healthProbeTable, nodeDetails } from './cassandra-health.ts';
import type { CassandraSettings } from './cassandra-options.ts';
import type { NodeState } from './cassandra-session.ts';
import type { CqlStatement } from './cql-statement.ts';

const settings = { keyspace: 'butterfly' } as CassandraSettings;

function session(nodes: NodeState[], probe: () => Promise<void>) {
  const seen: { statement: CqlStatement; options: unknown }[] = [];
  return {
    seen,
    session: {
      settings,
      nodes: () => nodes,
      async execute(statement: CqlStatement, options?: unknown) {
        seen.push({ statement, options });
        await probe();
        return {} as types.ResultSet;
      },
    },
  };
}

test('node details count the nodes up and map each address to UP or DOWN', () => {
  assert.deepEqual(
    nodeDetails([
      { address: '127.0.2.1', up: true },
      { address: '127.0.2.2', up: false },
      { address: '127.0.2.3', up: true },
    ]),
    { nodesUp: 2, nodesTotal: 3, nodes: { '127.0.2.1': 'UP', '127.0.2.2': 'DOWN', '127.0.2.3': 'UP' } },
  );
});

test('UP when the probe reads at LOCAL_QUORUM, even with one node down; part of readiness', async () => {
  const nodes = [
    { address: '127.0.2.1', up: true },
    { address: '127.0.2.2', up: false },
    { address: '127.0.2.3', up: true },
  ];
  const fake = session(nodes, async () => undefined);
  const indicator = cassandraHealth(fake.session, healthProbeTable('capsule'), 1500);
  assert.equal(indicator.name, 'cassandra');
  assert.equal(indicator.readiness, true);
  assert.equal(indicator.timeoutMs, 2000);
  assert.deepEqual(await indicator.check(new AbortController().signal), {
    status: 'UP',
    details: {
      nodesUp: 2,
      nodesTotal: 3,
      nodes: { '127.0.2.1': 'UP', '127.0.2.2': 'DOWN', '127.0.2.3': 'UP' },
      keyspace: 'butterfly',
      consistency: 'LOCAL_QUORUM',
    },
  });
  const [probe] = fake.seen;
  assert.match(probe?.statement.cql ?? '', /^SELECT id FROM capsule_health_probe WHERE id = \?$/);
  assert.equal(probe?.statement.kind, 'read');
  assert.deepEqual(probe?.options, { readTimeoutMs: 1500 });
});

test('DOWN with the nodes and the reason when quorum cannot be reached', async () => {
  const nodes = [
    { address: '127.0.2.1', up: true },
    { address: '127.0.2.2', up: false },
    { address: '127.0.2.3', up: false },
  ];
  const fake = session(nodes, async () => {
    throw storeErrorOf(new errors.NoHostAvailableError({}, 'All host(s) tried for query failed'), 'read');
  });
  const health = await cassandraHealth(fake.session, healthProbeTable('synapse'), 1500).check(
    new AbortController().signal,
  );
  assert.equal(health.status, 'DOWN');
  assert.equal(health.details?.nodesUp, 1);
  assert.equal(health.details?.nodesTotal, 3);
  assert.match(String(health.details?.error), /cassandra unavailable: All host\(s\) tried/);
});

test('each service probes its own table', () => {
  assert.equal(healthProbeTable('capsule').name, 'capsule_health_probe');
  assert.match(healthProbeTable('synapse').cql, /CREATE TABLE IF NOT EXISTS synapse_health_probe/);
});
