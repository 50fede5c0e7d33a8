import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Pod } from '../../index.ts';

/** The Patroni cluster (scope) name: its key prefix in etcd and what `patronictl list` shows. */
export const PATRONI_SCOPE = 'butterfly-pg';

/**
 * The roles Patroni creates. Local-only credentials: the cluster listens on loopback alone and
 * the services of the local profile connect as `postgres`.
 */
export const POSTGRES_CREDENTIALS = {
  superuser: { username: 'postgres', password: 'postgres' },
  replication: { username: 'replicator', password: 'replicator' },
  rewind: { username: 'rewinder', password: 'rewinder' },
} as const;

/** The databases of the services on PostgreSQL, created once a leader is up. */
export const SERVICE_DATABASES = ['perception', 'odyssey', 'plato'] as const;

/**
 * Who may connect. All of 127.0.0.0/8, because on loopback every connection, replication
 * included, comes from 127.0.0.1 whatever address the client's pod has.
 */
const PG_HBA = [
  'local all all trust',
  'host all all 127.0.0.0/8 md5',
  'host replication replicator 127.0.0.0/8 md5',
];

/** A member's files under its pod folder. */
export function patroniPaths(podDir: string) {
  return {
    config: join(podDir, 'patroni.yml'),
    dataDir: join(podDir, 'data'),
    pgpass: join(podDir, 'pgpass'),
    // Each member's own socket folder: both listen on 5432, so the default /tmp/.s.PGSQL.5432 would clash.
    socketDir: podDir,
  };
}

/** Options of one member's patroni.yml. */
export interface PatroniConfigInput {
  pod: Pod;
  podDir: string;
  etcd: Pod;
  postgresBin: string;
}

/** `patroni.yml` of one member: DCS on etcd's v3 API, loop times short enough for quick failover. */
export function renderPatroniYaml({ pod, podDir, etcd, postgresBin }: PatroniConfigInput): string {
  const paths = patroniPaths(podDir);
  const config = {
    scope: PATRONI_SCOPE,
    namespace: '/service/',
    name: pod.name,
    restapi: {
      listen: `${pod.address}:${pod.ports.patroni}`,
      connect_address: `${pod.address}:${pod.ports.patroni}`,
    },
    etcd3: { hosts: `${etcd.address}:${etcd.ports.client}` },
    bootstrap: {
      dcs: {
        ttl: 20,
        loop_wait: 2,
        retry_timeout: 5,
        maximum_lag_on_failover: 1048576,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            wal_level: 'replica',
            hot_standby: 'on',
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_keep_size: '64MB',
            wal_log_hints: 'on',
            // A replica cut off without a FIN leaves pg_stat_replication after this (default 60 s),
            // which is when the services stop reading from it.
            wal_sender_timeout: '10s',
            wal_receiver_timeout: '10s',
          },
        },
      },
      // Only so that `patroni --validate-config` is content; the running one is postgresql.pg_hba.
      pg_hba: PG_HBA,
      initdb: [{ encoding: 'UTF8' }, { locale: 'C' }, 'data-checksums'],
    },
    postgresql: {
      listen: `${pod.address}:${pod.ports.postgres}`,
      connect_address: `${pod.address}:${pod.ports.postgres}`,
      data_dir: paths.dataDir,
      bin_dir: postgresBin,
      pgpass: paths.pgpass,
      authentication: POSTGRES_CREDENTIALS,
      parameters: {
        unix_socket_directories: paths.socketDir,
        shared_buffers: '32MB',
        max_connections: 100,
      },
      pg_hba: PG_HBA,
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
  return stringify(config);
}
