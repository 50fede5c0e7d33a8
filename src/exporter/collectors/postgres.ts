import type { Clock } from '../../kit/time/index.ts';
import { CLUSTER_LABEL } from '../series/index.ts';
import type { Sample } from '../series/index.ts';
import type { Collector } from './collector.ts';
import type { PatroniStatus, PostgresMember } from './patroni-status.ts';
import type { RoleMemory } from './role-memory.ts';

export type { PostgresMember };

/** Asks one member's Patroni for its status; throws when the member does not answer. */
export type PatroniProbe = (member: PostgresMember, signal: AbortSignal) => Promise<PatroniStatus>;

/** Options of the PostgreSQL collector. */
export interface PostgresCollectorOptions {
  members: readonly PostgresMember[];
  probe: PatroniProbe;
  roles: RoleMemory;
  clock: Clock;
}

/**
 * `pg_up{instance,role}` for every member and `pg_replication_lag{database,instance}` for every
 * running replica while a primary answers (without a primary, lag has nothing to be behind).
 */
export function postgresCollector(options: PostgresCollectorOptions): Collector {
  return {
    name: 'postgres',
    async collect(signal) {
      const statuses = await Promise.all(
        options.members.map((member) => options.probe(member, signal).catch(() => undefined)),
      );
      const samples: Sample[] = [];
      options.members.forEach((member, i) => {
        const status = statuses[i];
        const live = status && status.role !== 'unknown' ? status.role : undefined;
        if (live) options.roles.remember(member.name, live);
        const role = live ?? options.roles.get(member.name) ?? 'unknown';
        samples.push({
          name: 'pg_up',
          labels: { instance: member.name, role },
          value: status?.state === 'running' ? 1 : 0,
        });
      });
      const primary = statuses.find((status) => status?.role === 'primary' && status.state === 'running');
      if (!primary) return samples;
      options.members.forEach((member, i) => {
        const status = statuses[i];
        if (status?.role !== 'replica' || status.state !== 'running') return;
        const lag = replicationLagSeconds(member.name, status, primary, options.clock.now());
        if (lag !== undefined)
          samples.push({
            name: 'pg_replication_lag',
            labels: { database: CLUSTER_LABEL, instance: member.name },
            value: lag,
          });
      });
      return samples;
    },
  };
}

/**
 * How far a replica is behind, in seconds. 0 when it has replayed the primary's WAL position, or
 * when it is streaming and has replayed all it received (the primary may have moved on between
 * the two answers); otherwise the age of the last transaction it replayed, which grows while it
 * is stuck. Undefined when the replica reports no replay time.
 */
export function replicationLagSeconds(
  name: string,
  replica: PatroniStatus,
  primary: PatroniStatus,
  now: number,
): number | undefined {
  const replayed = replica.replayedLocation ?? -1;
  if (primary.walLocation !== undefined && replayed >= primary.walLocation) return 0;
  if (primary.streaming.includes(name) && replayed >= (replica.receivedLocation ?? Infinity)) return 0;
  if (replica.replayedAt === undefined || Number.isNaN(replica.replayedAt)) return undefined;
  return Math.max(0, (now - replica.replayedAt) / 1000);
}
