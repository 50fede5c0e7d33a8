import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { ClusterStartError } from '../../kit/errors/index.ts';
import {
  cassandraPodSpec,
  prepareCassandraPod,
  etcdPodSpec,
  prepareEtcdPod,
  postgresPodSpec,
  preparePostgresPod,
  prepareRedisPod,
  redisPodSpec,
} from '../engines/index.ts';
import type { EngineContext } from '../engines/index.ts';
import type { PodProcessSpec } from '../supervisor/index.ts';
import { enginePods, ENGINES, type Engine, type EnginePod } from '../index.ts';

/** Every engine pod of the local profile, engine by engine. */
export function localEnginePods(): EnginePod[] {
  return ENGINES.flatMap(enginePods);
}

const SPECS: Readonly<Record<Engine, (pod: EnginePod, context: EngineContext) => PodProcessSpec>> = {
  etcd: etcdPodSpec,
  postgres: postgresPodSpec,
  cassandra: cassandraPodSpec,
  redis: redisPodSpec,
};

/** The supervisor's process specs of the engine pods (each runs under its own uid via setpriv). */
export function localEngineSpecs(pods: readonly EnginePod[], context: EngineContext): PodProcessSpec[] {
  return pods.map((pod) => SPECS[pod.engine](pod, context));
}

/**
 * Creates each pod's folder (owned by its uid) and writes its configuration, rendered afresh on
 * every start so a changed topology or setting takes effect; data already there is kept.
 */
export function prepareLocalEngines(context: EngineContext): EnginePod[] {
  mkdirSync(context.stateDir, { recursive: true });
  // The engines run as their own uids: they must be able to walk down to their folders and jars.
  chmodSync(context.stateDir, 0o755);
  assertTraversable(context.stateDir);
  assertTraversable(context.binaries.cassandraLib);
  const pods = localEnginePods();
  const [etcd] = enginePods('etcd');
  const ring = enginePods('cassandra');
  for (const pod of pods) {
    if (pod.engine === 'etcd') prepareEtcdPod(pod, context);
    if (pod.engine === 'postgres') preparePostgresPod(pod, etcd!, context);
    if (pod.engine === 'cassandra') prepareCassandraPod(pod, ring, context);
    if (pod.engine === 'redis') prepareRedisPod(pod, context);
  }
  return pods;
}

function assertTraversable(path: string): void {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new ClusterStartError(
        `${dir} is not searchable by other users (mode o+x); the engines run under their own uids and need to reach ${path}`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/** The address and port each engine pod will listen on (JMX listens on 127.0.0.1 only). */
function listenEndpoints(pod: EnginePod): { host: string; port: number }[] {
  return Object.entries(pod.ports).map(([name, port]) => ({
    host: name === 'jmx' ? '127.0.0.1' : pod.address,
    port,
  }));
}

/**
 * Checks, before anything starts, that every engine endpoint can be bound: a port in use means
 * an engine left from an earlier run; an address that cannot be bound means the loopback range
 * is not all local (it is on Linux, where 127.0.0.0/8 routes to `lo`, so nothing is added).
 */
export async function probeEnginePorts(pods: readonly EnginePod[] = localEnginePods()): Promise<void> {
  const problems: string[] = [];
  await Promise.all(
    pods.flatMap(listenEndpoints).map(
      ({ host, port }) =>
        new Promise<void>((resolve) => {
          const server = createServer();
          server.once('error', (error: NodeJS.ErrnoException) => {
            problems.push(
              error.code === 'EADDRINUSE'
                ? `${host}:${port} is in use (an engine left from an earlier run?)`
                : `${host}:${port} cannot be bound (${error.code ?? error.message}); is ${host} a local address?`,
            );
            resolve();
          });
          server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
        }),
    ),
  );
  if (problems.length > 0)
    throw new ClusterStartError(`cannot start the engines: ${problems.sort().join('; ')}`);
}
