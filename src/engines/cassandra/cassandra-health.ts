import type { HealthIndicator } from '../../kit/health/index.ts';
import { cqlTable, type CqlTable } from './cassandra-schema.ts';
import type { CassandraSession, NodeState } from './cassandra-session.ts';
import { readStatement } from './cql-statement.ts';

/** The table the health probe reads: one per service, so services never race on the same DDL. */
export function healthProbeTable(service: string): CqlTable {
  const name = `${service}_health_probe`;
  return cqlTable(name, `CREATE TABLE IF NOT EXISTS ${name} (id text PRIMARY KEY, note text)`);
}

/** The details of the `cassandra` health component. */
export interface CassandraHealthDetails {
  nodesUp: number;
  nodesTotal: number;
  nodes: Record<string, 'UP' | 'DOWN'>;
  keyspace: string;
  consistency: 'LOCAL_QUORUM';
  error?: string;
}

/** The node counts and map of the health details. */
export function nodeDetails(
  nodes: readonly NodeState[],
): Pick<CassandraHealthDetails, 'nodesUp' | 'nodesTotal' | 'nodes'> {
  return {
    nodesUp: nodes.filter((node) => node.up).length,
    nodesTotal: nodes.length,
    nodes: Object.fromEntries(nodes.map((node) => [node.address, node.up ? 'UP' : 'DOWN'])),
  };
}

/**
 * The `cassandra` health component (the runbook's `/actuator/health/cassandra`): the driver's view
 * of every node, plus a single-partition read at LOCAL_QUORUM on the service's probe table. That
 * read needs a quorum of the partition's replicas — with RF 3, two nodes — so one node down stays
 * UP (with the node DOWN in details) and two down is DOWN: exactly when the service's own
 * statements stop working.
 */
export function cassandraHealth(
  session: Pick<CassandraSession, 'execute' | 'nodes' | 'settings'>,
  probe: CqlTable,
  probeTimeoutMs: number,
  options: { readiness: boolean } = { readiness: true },
): HealthIndicator {
  const statement = readStatement(`SELECT id FROM ${probe.name} WHERE id = ?`, ['probe']);
  return {
    name: 'cassandra',
    readiness: options.readiness,
    // The probe's own timeout answers first, so a slow cluster reports its nodes, not just "no answer".
    timeoutMs: probeTimeoutMs + 500,
    async check() {
      const base = {
        ...nodeDetails(session.nodes()),
        keyspace: session.settings.keyspace,
        consistency: 'LOCAL_QUORUM' as const,
      };
      try {
        await session.execute(statement, { readTimeoutMs: probeTimeoutMs });
        return { status: 'UP', details: base };
      } catch (error) {
        const details: CassandraHealthDetails = {
          ...base,
          // After the probe failed the driver may know more about which nodes are gone.
          ...nodeDetails(session.nodes()),
          error: error instanceof Error ? error.message : String(error),
        };
        return { status: 'DOWN', details: { ...details } };
      }
    },
  };
}
