import type { EnginePort } from '../index.ts';
import { cassandraHealth, healthProbeTable } from './cassandra-health.ts';
import { cassandraSettingsOf } from './cassandra-options.ts';
import { ensureTables, type CqlTable } from './cassandra-schema.ts';
import { CassandraSession } from './cassandra-session.ts';

/**
 * Opens a service's Cassandra session for the local profile: connects, creates the service's
 * tables (and its health probe table) in the configured keyspace and waits for schema agreement,
 * registers the `cassandra` health component and closes the session when the service closes.
 * The component is part of readiness unless the service keeps serving without a quorum
 * (`servesWithoutQuorum`: CAPSULE reads at ONE and queues writes) — taking such a pod out of
 * rotation would turn a degraded answer into none. The keyspace itself belongs to the cluster
 * (RF 3, created by `butterfly up`).
 */
export async function openCassandra(
  port: EnginePort,
  tables: readonly CqlTable[],
  onClose: (hook: () => Promise<void>) => void,
  options: { servesWithoutQuorum?: boolean } = {},
): Promise<CassandraSession> {
  const { settings: config, clock, log } = port;
  const settings = cassandraSettingsOf(config);
  const session = await CassandraSession.connect(settings, clock, log);
  const probe = healthProbeTable(config.service);
  try {
    const created = await ensureTables(session, [probe, ...tables]);
    if (created.length > 0)
      log.info({ keyspace: settings.keyspace, tables: created }, 'created Cassandra tables');
  } catch (error) {
    await session.close().catch(() => undefined);
    throw error;
  }
  port.registerHealth(
    cassandraHealth(session, probe, Math.min(settings.queryTimeoutMs, config.healthTimeoutMs), {
      readiness: !options.servesWithoutQuorum,
    }),
  );
  onClose(() => session.close());
  return session;
}
