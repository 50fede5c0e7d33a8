import { systemClock, type Clock } from '../../kit/time/index.ts';
import type { RunEvent } from '../report/index.ts';
import type { Experiment, ExperimentKind } from '../spec/index.ts';
import { ChaosApi } from './chaos-api.ts';
import { ChaosProgress } from './chaos-progress.ts';
import { chaosResourceOf, describeResource } from './chaos-resource.ts';
import { loadKubeTarget, type KubeConfigOptions, type KubeTarget } from './kube-config.ts';
import type { ProgressEvent, ResourceProgress } from './kube-object.ts';
import { refuseProduction } from './production-guard.ts';
import { chaosMeshRuntime, type ChaosMeshFault } from './chaos-mesh-runtime.ts';
import type { RemovalOptions } from './resource-removal.ts';
import { ScheduleProgress } from './schedule-progress.ts';
import { watchRun } from './watch-run.ts';
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
  return new K8sBackend(options);
}

class K8sBackend implements K8sChaosBackend {
  readonly #options: K8sBackendOptions;
  readonly #clock: Clock;
  readonly #removal: RemovalOptions;
  #target: Promise<KubeTarget> | undefined;

  constructor(options: K8sBackendOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#removal = {
      clock: this.#clock,
      deleteTimeoutMs: options.deleteTimeoutMs ?? 120_000,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
    };
  }

  /** The cluster and where the resource goes; the environment is checked before anything is loaded, the context as soon as it is known. */
  async #resolveTarget(
    experiment: Experiment,
    run: K8sRunOptions,
  ): Promise<{ kube: KubeTarget; ref: ReturnType<typeof chaosResourceOf> }> {
    refuseProduction({ environment: run.environment, force: run.force });
    this.#target ??= loadKubeTarget(this.#options).catch((error: unknown) => {
      this.#target = undefined;
      throw error;
    });
    const kube = await this.#target;
    refuseProduction({ environment: run.environment, context: kube.context, force: run.force });
    return { kube, ref: chaosResourceOf(experiment.kind, experiment.manifest, kube.namespace) };
  }

  /** Deletes what the run applied; a fault still in place is reported recovered once it is gone. */
  async #removeApplied(
    fault: ChaosMeshFault,
    ref: ReturnType<typeof chaosResourceOf>,
    emit: (event: ProgressEvent) => void,
    faultActive: boolean,
  ): Promise<boolean> {
    await fault.recover();
    const gone = await fault.proveGone();
    const removed = gone.ok;
    if (removed && faultActive) {
      emit({
        kind: 'fault-removed',
        step: ref.name,
        detail: 'recovered by Chaos Mesh as the resource was deleted',
      });
    }
    if (removed) {
      emit({ kind: 'fault-gone', step: ref.name, detail: gone.detail });
    }
    return removed;
  }

  /** Applies, watches and removes one experiment. */
  async run(experiment: Experiment, run: K8sRunOptions): Promise<K8sRunResult> {
    const clock = this.#clock;
    const events: RunEvent[] = [];
    const emit = (event: ProgressEvent): void => {
      const stamped = { at: clock.now(), ...event };
      events.push(stamped);
      run.onEvent(stamped);
    };
    const { kube, ref } = await this.#resolveTarget(experiment, run);
    if (run.signal?.aborted) {
      emit({ kind: 'info', step: ref.name, detail: 'aborted before anything was applied' });
      return { events, aborted: true, outcome: 'aborted', removed: true };
    }
    const api = await ChaosApi.connect(kube.kubeConfig);
    const fault = await chaosMeshRuntime(api, this.#removal).apply({
      ref,
      manifest: experiment.manifest,
      emit,
    });
    const created = fault.created;
    emit({
      kind: 'info',
      step: ref.name,
      detail: `applied ${describeResource(ref)} to ${kube.context} (uid ${created.metadata?.uid ?? 'unknown'})`,
    });

    const progress = PROGRESS[experiment.kind](ref.name);
    const nodes = experiment.kind === 'Workflow' ? new WorkflowNodeProgress() : undefined;
    let outcome: K8sRunResult['outcome'] = 'aborted';
    let removed = false;
    try {
      outcome = await watchRun({
        api,
        ref,
        created,
        progress,
        nodes,
        emit,
        clock,
        pollIntervalMs: this.#removal.pollIntervalMs,
        timeoutMs: run.timeoutMs,
        windowed: experiment.kind === 'Schedule',
        ...(run.signal ? { signal: run.signal } : {}),
      });
    } finally {
      // Always, also when watching failed: nothing we applied may outlive the run.
      removed = await this.#removeApplied(
        fault,
        ref,
        emit,
        progress.faultActive || (nodes?.faultActive ?? false),
      );
    }
    return { events, aborted: outcome !== 'finished', outcome, removed };
  }
}
