import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Cassandra release the local profile runs, resolved from Maven Central. */
export const CASSANDRA_VERSION = '5.0.9';

/**
 * Where downloads are kept: `$BUTTERFLY_CACHE_DIR`, else `/var/cache/butterfly`. Not inside the
 * checkout: the engines run as their own uids and must reach the Cassandra jars, which a
 * checkout under a private home folder would not allow; one cache also serves every checkout.
 */
export function cacheDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.BUTTERFLY_CACHE_DIR ?? '/var/cache/butterfly');
}

/** The folder of Cassandra's jars (cassandra-all and its dependencies) in the cache. */
export function cassandraLibDir(cacheDir: string): string {
  return join(cacheDir, `cassandra-${CASSANDRA_VERSION}`, 'lib');
}

/** The jar whose presence means Cassandra is installed. */
export function cassandraJar(cacheDir: string): string {
  return join(cassandraLibDir(cacheDir), `cassandra-all-${CASSANDRA_VERSION}.jar`);
}

/** Every program the local profile runs, at its Debian path. */
export interface EngineBinaries {
  java: string;
  cassandraLib: string;
  postgresBin: string;
  psql: string;
  pgIsReady: string;
  patroni: string;
  patronictl: string;
  etcd: string;
  etcdctl: string;
  redisServer: string;
  redisCli: string;
  setpriv: string;
}

const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

/** Java 17 by its own path: another JDK (a newer default) may be installed beside it. */
function java17(): string {
  const jvmDir = '/usr/lib/jvm';
  const names = existsSync(jvmDir)
    ? readdirSync(jvmDir).filter((name) => /^java-17-openjdk-[a-z0-9]+$/.test(name))
    : [];
  return join(jvmDir, names[0] ?? 'java-17-openjdk', 'bin', 'java');
}

/** Where each engine program is on a Debian machine that ran `butterfly setup`. */
export function engineBinaries(cacheDir: string = cacheDirOf()): EngineBinaries {
  return {
    java: java17(),
    cassandraLib: cassandraLibDir(cacheDir),
    postgresBin: POSTGRES_BIN,
    psql: join(POSTGRES_BIN, 'psql'),
    pgIsReady: join(POSTGRES_BIN, 'pg_isready'),
    patroni: '/usr/bin/patroni',
    patronictl: '/usr/bin/patronictl',
    etcd: '/usr/bin/etcd',
    etcdctl: '/usr/bin/etcdctl',
    redisServer: '/usr/bin/redis-server',
    redisCli: '/usr/bin/redis-cli',
    setpriv: '/usr/bin/setpriv',
  };
}
