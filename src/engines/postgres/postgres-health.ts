import type { Health, HealthIndicator } from '../../kit/health/index.ts';
import { describeView, type ClusterView } from './patroni-cluster.ts';
import type { PatroniSqlClient } from './patroni-sql-client.ts';
import { describeFailure } from './postgres-failure.ts';
import { readOrder } from './read-routing.ts';

/** The `db` component's details on PostgreSQL. */
export interface PostgresHealthDetails extends Record<string, unknown> {
  database: string;
  leader: string | null;
  replicas: {
    member: string;
    state: string;
    lagBytes: number | null;
    readable: boolean;
    /** As the leader's pg_stat_replication says; null when the leader could not be asked. */
    streaming: boolean | null;
  }[];
  /** The member reads go to first now (a readable replica, else the leader). */
  readsFrom: string | null;
  /** The Patroni REST API that answered. */
  patroni: string | null;
  error?: string;
}

/**
 * The `db` health component of the local profile: UP when Patroni names a running leader and
 * that leader answers `SELECT 1`; DOWN otherwise, with the reason. Details always say who leads,
 * each replica's state and lag, and where reads go. The kit bounds the whole check and aborts
 * the Patroni question when the budget runs out. The service cannot serve without its
 * database, so the component is part of readiness.
 */
export function postgresHealthIndicator(client: PatroniSqlClient, database: string): HealthIndicator {
  return {
    name: 'db',
    readiness: true,
    async check(signal: AbortSignal): Promise<Health> {
      let view: ClusterView;
      try {
        view = await client.refreshView(signal);
      } catch (error) {
        return down(emptyDetails(database, client.view), `Patroni: ${describeFailure(error)}`);
      }
      const details = detailsOf(database, view);
      if (!view.leader) return down(details, `no running leader (${describeView(view)})`);
      try {
        const ping = await client.ping();
        return { status: 'UP', details: { ...details, leaderAnsweredInMs: ping.answeredInMs } };
      } catch (error) {
        return down(details, `leader ${view.leader.name}: ${describeFailure(error)}`);
      }
    },
  };
}

function detailsOf(database: string, view: ClusterView): PostgresHealthDetails {
  return {
    database,
    leader: view.leader?.name ?? null,
    replicas: view.replicas.map((replica) => ({
      member: replica.name,
      state: replica.state,
      lagBytes: replica.lagBytes,
      readable: replica.readable,
      streaming: replica.streaming ?? null,
    })),
    readsFrom: readOrder(view, false)[0]?.name ?? null,
    patroni: view.source,
  };
}

/** Details from the last known view when Patroni does not answer now (or none at all). */
function emptyDetails(database: string, last: ClusterView | undefined): PostgresHealthDetails {
  return last
    ? { ...detailsOf(database, last), patroni: null }
    : { database, leader: null, replicas: [], readsFrom: null, patroni: null };
}

function down(details: PostgresHealthDetails, error: string): Health {
  return { status: 'DOWN', details: { ...details, error } };
}
