import { systemClock, formatDuration, type Clock } from '../../kit/time/index.ts';
import type { RunEvent } from '../report/index.ts';
import type { Experiment, ExperimentKind } from '../spec/index.ts';
import { ChaosApi, collectionPath } from './chaos-api.ts';
import { ChaosProgress } from './chaos-progress.ts';
import { chaosResourceOf, describeResource, type ChaosResourceRef } from './chaos-resource.ts';
import { loadKubeTarget, type KubeConfigOptions, type KubeTarget } from './kube-config.ts';
import type { ProgressEvent, ResourceProgress } from './kube-object.ts';
import { refuseProduction } from './production-guard.ts';
import { keepWatching } from './resource-watch.ts';
import { ScheduleProgress } from './schedule-progress.ts';
import { WorkflowNodeProgress, WorkflowProgress } from './workflow-progress.ts';

/** What the runner passes for one experiment. */
export interface K8sRunOptions {
  /** `--env`: a production name is refused unless `force`. */
  environment: string;
  force: boolean;
  /** The whole run's budget; when it passes the resource is deleted (for a Schedule it is the observation window). */
  timeoutMs: number;
  onEvent(event: RunEvent): void;
  /** Aborting (SIGINT in the CLI) deletes the resource and ends the run. */
  signal?: AbortSignal;
}

/** How a Kubernetes run ended. */
export interface K8sRunResult {
  events: RunEvent[];
  /** The run did not finish on its own (timed out or aborted). */
  aborted: boolean;
  outcome: 'finished' | 'timed-out' | 'aborted';
  /** The resource was deleted and the API server confirmed it gone. */
  removed: boolean;
}

/** Runs experiments on a cluster with Chaos Mesh. */
export interface K8sChaosBackend {
  run(experiment: Experiment, options: K8sRunOptions): Promise<K8sRunResult>;
}

/** Where the cluster is and how patient to be. */
export interface K8sBackendOptions extends KubeConfigOptions {
  clock?: Clock;
  /** How long to wait for a deleted resource to disappear (Chaos Mesh recovers in its finalizer). */
  deleteTimeoutMs?: number;
  /** Pause between polls for deletion and before re-watching after a stream ended. */
  pollIntervalMs?: number;
}

// Chaos kinds map to a tracker by a plain table, as the fault kinds do.
const PROGRESS: Record<ExperimentKind, (step: string) => ResourceProgress> = {
  PodChaos: (step) => new ChaosProgress(step),
  NetworkChaos: (step) => new ChaosProgress(step),
  StressChaos: (step) => new ChaosProgress(step),
  Workflow: (step) => new WorkflowProgress(step),
  Schedule: (step) => new ScheduleProgress(step),
};

/** The Kubernetes backend: apply the manifest unchanged, watch it by condition type, delete it at the end. */
export function createK8sChaosBackend(options: K8sBackendOptions = {}): K8sChaosBackend {
  const clock = options.clock ?? systemClock;
  const deleteTimeoutMs = options.deleteTimeoutMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let target: Promise<KubeTarget> | undefined;

  async function removeResource(
    api: ChaosApi,
    ref: ChaosResourceRef,
    emit: (e: ProgressEvent) => void,
  ): Promise<boolean> {
    try {
      await api.delete(ref);
      const deadline = clock.now() + deleteTimeoutMs;
      for (;;) {
        const left = await api.get(ref);
        if (left === undefined) return true;
        if (clock.now() >= deadline) {
          const finalizers = (left.metadata as { finalizers?: unknown } | undefined)?.finalizers;
          emit({
            kind: 'info',
            step: ref.name,
            detail: `${describeResource(ref)} still present ${formatDuration(deleteTimeoutMs)} after deletion (finalizers: ${JSON.stringify(finalizers ?? [])}); check it with kubectl`,
          });
          return false;
        }
        await clock.sleep(pollIntervalMs);
      }
    } catch (error) {
      emit({
        kind: 'info',
        step: ref.name,
        detail: `deleting ${describeResource(ref)} failed: ${(error as Error).message}`,
      });
      return false;
    }
  }

  async function run(experiment: Experiment, run: K8sRunOptions): Promise<K8sRunResult> {
    const events: RunEvent[] = [];
    const emit = (event: ProgressEvent): void => {
      const stamped = { at: clock.now(), ...event };
      events.push(stamped);
      run.onEvent(stamped);
    };
    // The environment is checked before anything is loaded, the context as soon as it is known.
    refuseProduction({ environment: run.environment, force: run.force });
    target ??= loadKubeTarget(options).catch((error: unknown) => {
      target = undefined;
      throw error;
    });
    const kube = await target;
    refuseProduction({ environment: run.environment, context: kube.context, force: run.force });
    const ref = chaosResourceOf(experiment.kind, experiment.manifest, kube.namespace);
    if (run.signal?.aborted) {
      emit({ kind: 'info', step: ref.name, detail: 'aborted before anything was applied' });
      return { events, aborted: true, outcome: 'aborted', removed: true };
    }
    const api = await ChaosApi.connect(kube.kubeConfig);
    const created = await api.create(ref, experiment.manifest);
    emit({
      kind: 'info',
      step: ref.name,
      detail: `applied ${describeResource(ref)} to ${kube.context} (uid ${created.metadata?.uid ?? 'unknown'})`,
    });

    const progress = PROGRESS[experiment.kind](ref.name);
    const nodes = experiment.kind === 'Workflow' ? new WorkflowNodeProgress() : undefined;
    const stop = new AbortController();
    const ended = Promise.withResolvers<void>();
    let outcome: K8sRunResult['outcome'] | undefined;
    const finish = (how: K8sRunResult['outcome']): void => {
      if (outcome !== undefined) return;
      outcome = how;
      stop.abort();
      ended.resolve();
    };
    const observe = (object: Parameters<ResourceProgress['observe']>[0]): void => {
      for (const event of progress.observe(object)) emit(event);
      if (progress.finished) finish('finished');
    };
    const timer = clock.schedule(run.timeoutMs, () => {
      const window = experiment.kind === 'Schedule';
      emit({
        kind: 'info',
        step: ref.name,
        detail: window
          ? `schedule observed for ${formatDuration(run.timeoutMs)}; deleting it`
          : `timed out after ${formatDuration(run.timeoutMs)}; deleting ${describeResource(ref)}`,
      });
      finish(window ? 'finished' : 'timed-out');
    });
    const onAbort = (): void => {
      emit({ kind: 'info', step: ref.name, detail: `aborted; deleting ${describeResource(ref)}` });
      finish('aborted');
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    if (run.signal?.aborted) onAbort();
    const watches: Promise<void>[] = [];
    let removed = false;
    try {
      observe(created);
      const trouble = (detail: string): void => emit({ kind: 'info', step: ref.name, detail });
      watches.push(
        keepWatching({
          api,
          path: collectionPath(ref.namespace, ref.plural),
          query: { fieldSelector: `metadata.name=${ref.name}` },
          resourceVersion: created.metadata?.resourceVersion,
          onEvent: (type, object) => {
            if (type !== 'DELETED') return observe(object);
            emit({
              kind: 'info',
              step: ref.name,
              detail: `${describeResource(ref)} was deleted by someone else`,
            });
            finish('aborted');
          },
          relist: async () => {
            const current = await api.get(ref);
            if (current === undefined) {
              emit({ kind: 'info', step: ref.name, detail: `${describeResource(ref)} disappeared` });
              finish('aborted');
              return undefined;
            }
            observe(current);
            return current.metadata?.resourceVersion;
          },
          onTrouble: trouble,
          clock,
          reconnectDelayMs: pollIntervalMs,
          signal: stop.signal,
        }),
      );
      if (nodes) {
        watches.push(
          keepWatching({
            api,
            path: collectionPath(ref.namespace, 'workflownodes'),
            query: { labelSelector: `chaos-mesh.org/workflow=${ref.name}` },
            onEvent: (type, object) => {
              for (const event of nodes.observe(type, object)) emit(event);
            },
            // Replaying from now re-sends every node as ADDED; the tracker ignores what it already saw.
            relist: async () => undefined,
            onTrouble: trouble,
            clock,
            reconnectDelayMs: pollIntervalMs,
            signal: stop.signal,
          }),
        );
      }
      await Promise.race([ended.promise, ...watches]);
    } finally {
      finish(outcome ?? 'aborted');
      timer.cancel();
      run.signal?.removeEventListener('abort', onAbort);
      await Promise.allSettled(watches);
      // Always, also when watching failed: nothing we applied may outlive the run.
      const faultActive = progress.faultActive || (nodes?.faultActive ?? false);
      removed = await removeResource(api, ref, emit);
      if (removed && faultActive) {
        emit({
          kind: 'fault-removed',
          step: ref.name,
          detail: 'recovered by Chaos Mesh as the resource was deleted',
        });
      }
      if (removed) {
        emit({
          kind: 'fault-gone',
          step: ref.name,
          detail: `${describeResource(ref)} deleted; the API server no longer has it`,
        });
      }
    }
    const how = outcome ?? 'aborted';
    return { events, aborted: how !== 'finished', outcome: how, removed };
  }

  return { run };
}
