import { existsSync, readFileSync } from 'node:fs';
import { ButterflyError, ClusterStartError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import {
  cassandraReadiness,
  cacheDirOf,
  engineBinaries,
  etcdReadiness,
  podLogFile,
  postgresReadiness,
  awaitReady,
  type Readiness,
  createClusterIfNew,
  redisClusterReadiness,
  redisPingReadiness,
} from '../engines/index.ts';
import type { EngineContext } from '../engines/index.ts';
import { missingForLocalProfile } from '../setup/index.ts';
import { holdChecker } from '../index.ts';
import { Supervisor, type PodStatus, type SpawnPod } from '../supervisor/index.ts';
import { localEngineSpecs, prepareLocalEngines, probeEnginePorts } from './engine-pods.ts';
import type { Engine, EnginePod } from '../index.ts';

/** A step of starting the engines, for the progress display. */
export type EngineProgress =
  | { kind: 'engines-started'; pods: string[]; elapsedMs: number }
  | { kind: 'step'; engine: Engine; message: string; elapsedMs: number }
  | { kind: 'engine-ready'; engine: Engine; detail: string; elapsedMs: number };

/** Options of `startLocalEngines`. */
export interface LocalEnginesOptions {
  stateDir: string;
  clock: Clock;
  onProgress?(progress: EngineProgress): void;
  /** Where Cassandra's jars are; defaults to `cacheDirOf()`. */
  cacheDir?: string;
  /** How long every engine together may take to be ready; default 5 minutes. */
  timeoutMs?: number;
  /** Passed to the supervisor: told after every pod state change. */
  onChange?(statuses: PodStatus[]): void;
  /** For tests: how pod processes are started. */
  spawn?: SpawnPod;
}

/** The running engines. */
export interface LocalEngines {
  supervisor: Supervisor;
  pods: readonly EnginePod[];
  context: EngineContext;
  /** Milliseconds from the start until each engine was ready, and until all were. */
  readyAfterMs: Record<Engine, number> & { total: number };
  /** Stops every engine pod: SIGTERM, then SIGKILL after the stop timeout. */
  stop(): Promise<void>;
}

/** Cassandra can take 15 s to stop cleanly (flushes); give every pod this long before SIGKILL. */
export const ENGINE_STOP_TIMEOUT_MS = 30_000;

/**
 * Starts etcd, PostgreSQL under Patroni, Cassandra and Redis Cluster under one supervisor and
 * waits until each is really ready (see each engine's readiness), reporting each as it is.
 * All pods are launched at once: nothing needs another to start (Patroni waits for etcd by
 * itself; every Cassandra node is a seed with its own tokens), and on two cores the JVMs'
 * start-up is the long pole either way. Starting again over the same state folder reuses the
 * data: Cassandra keeps its ring, Patroni rejoins, Redis keeps nodes.conf and is not re-created.
 * On failure everything started is stopped before the error is thrown.
 */
export async function startLocalEngines(options: LocalEnginesOptions): Promise<LocalEngines> {
  const { clock } = options;
  const started = clock.now();
  const elapsed = () => clock.now() - started;
  const { context, pods, supervisor } = await launchEngines(options);
  options.onProgress?.({ kind: 'engines-started', pods: pods.map((pod) => pod.name), elapsedMs: elapsed() });
  const abort = new AbortController();
  const readyAfterMs = {} as LocalEngines['readyAfterMs'];
  const waits = readinessWaits({
    options,
    context,
    pods,
    deadline: started + (options.timeoutMs ?? 300_000),
    signal: abort.signal,
    elapsed,
    onReady: (engine, detail) => {
      readyAfterMs[engine] = elapsed();
      options.onProgress?.({ kind: 'engine-ready', engine, detail, elapsedMs: readyAfterMs[engine] });
    },
  });
  try {
    await settleAll([waits.etcdThenPostgres(), waits.cassandra(), waits.redis()], abort);
  } catch (error) {
    await supervisor.shutdown();
    throw error instanceof ButterflyError
      ? error
      : new ClusterStartError(`the engines did not start: ${(error as Error).message}`);
  }
  readyAfterMs.total = elapsed();
  return { supervisor, pods, context, readyAfterMs, stop: () => supervisor.shutdown() };
}

/** Checks the install and the ports, prepares each pod's files and starts the supervisor. */
async function launchEngines(
  options: LocalEnginesOptions,
): Promise<{ context: EngineContext; pods: EnginePod[]; supervisor: Supervisor }> {
  const cacheDir = options.cacheDir ?? cacheDirOf();
  const missing = missingForLocalProfile(cacheDir);
  if (missing.length > 0) {
    throw new ClusterStartError(
      `the local profile's engines are not installed (run 'butterfly setup'): missing ${missing.join('; ')}`,
    );
  }
  const context: EngineContext = { stateDir: options.stateDir, binaries: engineBinaries(cacheDir) };
  await probeEnginePorts();
  const pods = prepareLocalEngines(context);
  const supervisor = new Supervisor({
    specs: localEngineSpecs(pods, context),
    clock: options.clock,
    stopTimeoutMs: ENGINE_STOP_TIMEOUT_MS,
    isHeld: holdChecker(options.stateDir),
    ...(options.spawn ? { spawn: options.spawn } : {}),
    onChange: (statuses) => options.onChange?.(statuses),
  });
  supervisor.start();
  return { context, pods, supervisor };
}

/** What the readiness waits share: the deadline, the stop signal and where progress goes. */
interface ReadinessScope {
  options: LocalEnginesOptions;
  context: EngineContext;
  pods: EnginePod[];
  deadline: number;
  signal: AbortSignal;
  elapsed: () => number;
  onReady: (engine: Engine, detail: string) => void;
}

/** Each engine's wait until it is really ready; a failure carries the tail of its pods' logs. */
function readinessWaits(scope: ReadinessScope) {
  const { options, context, deadline, signal } = scope;
  const { clock } = options;
  const group = (engine: Engine) => scope.pods.filter((pod) => pod.engine === engine);
  const wait = (engine: Engine, what: string, check: () => Promise<Readiness>, intervalMs: number) =>
    awaitReady(check, {
      what,
      clock,
      intervalMs,
      timeoutMs: Math.max(0, deadline - clock.now()),
      signal,
    }).catch((error: unknown) => {
      throw withLogs(error, group(engine), context);
    });
  return {
    etcdThenPostgres: async () => {
      const [etcd] = group('etcd');
      scope.onReady('etcd', await wait('etcd', 'etcd', () => etcdReadiness(etcd!), 200));
      const postgres = () => postgresReadiness(group('postgres'), context);
      scope.onReady('postgres', await wait('postgres', 'Patroni PostgreSQL', postgres, 1000));
    },
    cassandra: async () => {
      const schema = { now: () => clock.now() };
      const ring = () => cassandraReadiness(group('cassandra'), context, schema);
      scope.onReady('cassandra', await wait('cassandra', 'Cassandra ring', ring, 1000));
    },
    redis: async () => {
      const nodes = group('redis');
      await wait('redis', 'Redis nodes', () => redisPingReadiness(nodes, context), 200);
      if (await createClusterIfNew(nodes, context)) {
        options.onProgress?.({
          kind: 'step',
          engine: 'redis',
          message: 'cluster created (3 masters, 3 replicas)',
          elapsedMs: scope.elapsed(),
        });
      }
      scope.onReady(
        'redis',
        await wait('redis', 'Redis cluster', () => redisClusterReadiness(nodes, context), 250),
      );
    },
  };
}

/** Waits for all; on the first failure aborts the others' waiting and rethrows it. */
async function settleAll(work: Promise<void>[], abort: AbortController): Promise<void> {
  try {
    await Promise.all(work);
  } catch (error) {
    abort.abort(error);
    await Promise.allSettled(work);
    throw error;
  }
}

function withLogs(error: unknown, pods: readonly EnginePod[], context: EngineContext): unknown {
  if (!(error instanceof ClusterStartError)) return error;
  const tails = pods.map((pod) => {
    const file = podLogFile(context.stateDir, pod);
    const lines = existsSync(file)
      ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-8).join('\n')
      : '(no log)';
    return `--- ${file}\n${lines}`;
  });
  return new ClusterStartError(`${error.message}\n${tails.join('\n')}`, error.details);
}
