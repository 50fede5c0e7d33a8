import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CASSANDRA_VERSION,
  cacheDirOf,
  cassandraJar,
  engineBinaries,
  type EngineBinaries,
} from '../engines/index.ts';
import { enginePods, ENGINES } from '../index.ts';

/**
 * The Debian packages of the local profile. `maven` resolves Cassandra; `etcd-server` and
 * `etcd-client` because Debian 12 has no `etcd` package; `python3-etcd` is what Patroni's
 * `etcd3:` support imports (python3-etcd3 is not needed); `curl` and `jq` because the
 * runbook's own commands use them.
 */
export const APT_PACKAGES = [
  'postgresql-15',
  'patroni',
  'etcd-server',
  'etcd-client',
  'python3-etcd',
  'redis-server',
  'redis-tools',
  'iptables',
  'prometheus',
  'openjdk-17-jre-headless',
  'maven',
  'curl',
  'jq',
  // the fuzz suite's schemathesis goes into a venv of the system python3
  'python3-venv',
  // the console's browser tests drive Debian's chromium through playwright-core (DEVELOPERS.md)
  'chromium',
] as const;

/** The system user an engine pod runs as: PostgreSQL's initdb refuses a uid with no passwd entry. */
export interface EngineUser {
  name: string;
  uid: number;
}

/** One user per engine pod, named after it (`butterfly-cassandra-0` …), with the pod's uid. */
export function engineUsers(): EngineUser[] {
  return ENGINES.flatMap(enginePods).map((pod) => ({ name: `butterfly-${pod.name}`, uid: pod.uid }));
}

/** The passwd entries by uid. */
export function passwdUids(passwdFile = '/etc/passwd'): Map<number, string> {
  const uids = new Map<number, string>();
  if (!existsSync(passwdFile)) return uids;
  for (const line of readFileSync(passwdFile, 'utf8').split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid) uids.set(Number(uid), name);
  }
  return uids;
}

/** Engine users that are not in passwd yet. */
export function missingEngineUsers(passwdFile?: string): EngineUser[] {
  const uids = passwdUids(passwdFile);
  return engineUsers().filter((user) => uids.get(user.uid) !== user.name);
}

const PROGRAM_PACKAGES: readonly (readonly [keyof EngineBinaries, string])[] = [
  ['java', 'openjdk-17-jre-headless'],
  ['psql', 'postgresql-15'],
  ['patroni', 'patroni'],
  ['etcd', 'etcd-server'],
  ['etcdctl', 'etcd-client'],
  ['redisServer', 'redis-server'],
  ['redisCli', 'redis-tools'],
  ['setpriv', 'util-linux'],
];

/**
 * What the local profile lacks on this machine, one line each (empty when all is there). File
 * checks only, so `up --profile auto` and the tests can ask it every time.
 */
export function missingForLocalProfile(cacheDir: string = cacheDirOf()): string[] {
  const binaries = engineBinaries(cacheDir);
  const missing: string[] = [];
  if (!existsSync(join(binaries.postgresBin, 'postgres')))
    missing.push(`${binaries.postgresBin}/postgres (package postgresql-15)`);
  for (const [key, pkg] of PROGRAM_PACKAGES)
    if (!existsSync(binaries[key])) missing.push(`${binaries[key]} (package ${pkg})`);
  if (!existsSync(cassandraJar(cacheDir)))
    missing.push(`Cassandra ${CASSANDRA_VERSION} jars in ${binaries.cassandraLib}`);
  const users = missingEngineUsers();
  if (users.length > 0)
    missing.push(`engine users ${users.map((user) => `${user.name} (uid ${user.uid})`).join(', ')}`);
  return missing;
}
