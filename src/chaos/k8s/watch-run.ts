import { formatDuration, type Clock } from '../../kit/time/index.ts';
import { collectionPath, type ChaosApi } from './chaos-api.ts';
import { describeResource, type ChaosResourceRef } from './chaos-resource.ts';
import type { KubeObject, ProgressEvent, ResourceProgress } from './kube-object.ts';
import { keepWatching } from './resource-watch.ts';
import type { WorkflowNodeProgress } from './workflow-progress.ts';

/** How a watched run ended. */
export type WatchOutcome = 'finished' | 'timed-out' | 'aborted';

/** One applied resource to follow until it finishes, times out or is stopped. */
export interface WatchRunOptions {
  api: ChaosApi;
  ref: ChaosResourceRef;
  /** The object as the API server answered the create: observed first, watched from its version. */
  created: KubeObject;
  progress: ResourceProgress;
  /** A Workflow's nodes, watched beside it. */
  nodes: WorkflowNodeProgress | undefined;
  emit: (event: ProgressEvent) => void;
  clock: Clock;
  pollIntervalMs: number;
  timeoutMs: number;
  /** A Schedule: the timeout is its observation window, so reaching it is finishing. */
  windowed: boolean;
  signal?: AbortSignal;
}

/** The run's end: settled once by whichever comes first, stopping the watches. */
class RunEnd {
  outcome: WatchOutcome | undefined;
  readonly stop = new AbortController();
  readonly ended = Promise.withResolvers<void>();

  finish(how: WatchOutcome): void {
    if (this.outcome !== undefined) return;
    this.outcome = how;
    this.stop.abort();
    this.ended.resolve();
  }
}

/**
 * Watches the resource (and a Workflow's nodes) by condition type, re-watching when a stream
 * ends, until it finishes, the timeout passes, the signal aborts or someone deletes it.
 */
export async function watchRun(options: WatchRunOptions): Promise<WatchOutcome> {
  const { ref, emit, progress, timeoutMs } = options;
  const end = new RunEnd();
  const observe = (object: KubeObject): void => {
    for (const event of progress.observe(object)) emit(event);
    if (progress.finished) end.finish('finished');
  };
  const timer = options.clock.schedule(timeoutMs, () => {
    emit({
      kind: 'info',
      step: ref.name,
      detail: options.windowed
        ? `schedule observed for ${formatDuration(timeoutMs)}; deleting it`
        : `timed out after ${formatDuration(timeoutMs)}; deleting ${describeResource(ref)}`,
    });
    end.finish(options.windowed ? 'finished' : 'timed-out');
  });
  const onAbort = (): void => {
    emit({ kind: 'info', step: ref.name, detail: `aborted; deleting ${describeResource(ref)}` });
    end.finish('aborted');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const watches: Promise<void>[] = [];
  try {
    observe(options.created);
    watches.push(watchResource(options, end, observe));
    if (options.nodes) watches.push(watchNodes(options, options.nodes, end));
    await Promise.race([end.ended.promise, ...watches]);
  } finally {
    end.finish(end.outcome ?? 'aborted');
    timer.cancel();
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.allSettled(watches);
  }
  return end.outcome ?? 'aborted';
}

function trouble(options: WatchRunOptions): (detail: string) => void {
  return (detail) => options.emit({ kind: 'info', step: options.ref.name, detail });
}

/** The resource itself: its conditions, and its deletion by anyone but us. */
function watchResource(options: WatchRunOptions, end: RunEnd, observe: (object: KubeObject) => void) {
  const { api, ref, emit } = options;
  return keepWatching({
    api,
    path: collectionPath(ref.namespace, ref.plural),
    query: { fieldSelector: `metadata.name=${ref.name}` },
    resourceVersion: options.created.metadata?.resourceVersion,
    onEvent: (type, object) => {
      if (type !== 'DELETED') return observe(object);
      emit({ kind: 'info', step: ref.name, detail: `${describeResource(ref)} was deleted by someone else` });
      end.finish('aborted');
    },
    relist: async () => {
      const current = await api.get(ref);
      if (current === undefined) {
        emit({ kind: 'info', step: ref.name, detail: `${describeResource(ref)} disappeared` });
        end.finish('aborted');
        return undefined;
      }
      observe(current);
      return current.metadata?.resourceVersion;
    },
    onTrouble: trouble(options),
    clock: options.clock,
    reconnectDelayMs: options.pollIntervalMs,
    signal: end.stop.signal,
  });
}

/** A Workflow's nodes: which template runs, and their faults' conditions. */
function watchNodes(options: WatchRunOptions, nodes: WorkflowNodeProgress, end: RunEnd) {
  const { ref, emit } = options;
  return keepWatching({
    api: options.api,
    path: collectionPath(ref.namespace, 'workflownodes'),
    query: { labelSelector: `chaos-mesh.org/workflow=${ref.name}` },
    onEvent: (type, object) => {
      for (const event of nodes.observe(type, object)) emit(event);
    },
    // Replaying from now re-sends every node as ADDED; the tracker ignores what it already saw.
    relist: async () => undefined,
    onTrouble: trouble(options),
    clock: options.clock,
    reconnectDelayMs: options.pollIntervalMs,
    signal: end.stop.signal,
  });
}
