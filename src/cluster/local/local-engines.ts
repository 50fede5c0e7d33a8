import { existsSync, readFileSync } from 'node:fs';
import { ButterflyError, ClusterStartError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import { cassandraReadiness } from '../engines/index.ts';
import { cacheDirOf, engineBinaries } from '../engines/index.ts';
import type { EngineContext } from '../engines/index.ts';
import { etcdReadiness } from '../engines/index.ts';
import { podLogFile } from '../engines/index.ts';
import { postgresReadiness } from '../engines/index.ts';
import { awaitReady, type Readiness } from '../engines/index.ts';
import { createClusterIfNew, redisClusterReadiness, redisPingReadiness } from '../engines/index.ts';
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
    clock,
    stopTimeoutMs: ENGINE_STOP_TIMEOUT_MS,
    isHeld: holdChecker(options.stateDir),
    ...(options.spawn ? { spawn: options.spawn } : {}),
    onChange: (statuses) => options.onChange?.(statuses),
  });
  supervisor.start();
  options.onProgress?.({ kind: 'engines-started', pods: pods.map((pod) => pod.name), elapsedMs: elapsed() });

  const abort = new AbortController();
  const deadline = started + (options.timeoutMs ?? 300_000);
  const group = (engine: Engine) => pods.filter((pod) => pod.engine === engine);
  const wait = (engine: Engine, what: string, check: () => Promise<Readiness>, intervalMs: number) =>
    awaitReady(check, {
      what,
      clock,
      intervalMs,
      timeoutMs: Math.max(0, deadline - clock.now()),
      signal: abort.signal,
    }).catch((error: unknown) => {
      throw withLogs(error, group(engine), context);
    });
  const readyAfterMs = {} as LocalEngines['readyAfterMs'];
  const done = (engine: Engine, detail: string) => {
    readyAfterMs[engine] = elapsed();
    options.onProgress?.({ kind: 'engine-ready', engine, detail, elapsedMs: readyAfterMs[engine] });
  };

  const etcdThenPostgres = async () => {
    const [etcd] = group('etcd');
    done('etcd', await wait('etcd', 'etcd', () => etcdReadiness(etcd!), 200));
    done(
      'postgres',
      await wait('postgres', 'Patroni PostgreSQL', () => postgresReadiness(group('postgres'), context), 1000),
    );
  };
  const cassandra = async () => {
    const schema = { now: () => clock.now() };
    done(
      'cassandra',
      await wait(
        'cassandra',
        'Cassandra ring',
        () => cassandraReadiness(group('cassandra'), context, schema),
        1000,
      ),
    );
  };
  const redis = async () => {
    const nodes = group('redis');
    await wait('redis', 'Redis nodes', () => redisPingReadiness(nodes, context), 200);
    if (await createClusterIfNew(nodes, context)) {
      options.onProgress?.({
        kind: 'step',
        engine: 'redis',
        message: 'cluster created (3 masters, 3 replicas)',
        elapsedMs: elapsed(),
      });
    }
    done('redis', await wait('redis', 'Redis cluster', () => redisClusterReadiness(nodes, context), 250));
  };

  try {
    await settleAll([etcdThenPostgres(), cassandra(), redis()], abort);
  } catch (error) {
    await supervisor.shutdown();
    throw error instanceof ButterflyError
      ? error
      : new ClusterStartError(`the engines did not start: ${(error as Error).message}`);
  }
  readyAfterMs.total = elapsed();
  return { supervisor, pods, context, readyAfterMs, stop: () => supervisor.shutdown() };
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
