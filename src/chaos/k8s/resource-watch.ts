import type { Clock } from '../../kit/time/index.ts';
import { ChaosApi, type WatchEventType } from './chaos-api.ts';
import { kubeObjectSchema, type KubeObject } from './kube-object.ts';

const WATCH_SECONDS = 25;

/** One long-lived watch of a collection, kept alive across stream ends and expired resource versions. */
export interface ResourceWatchOptions {
  api: ChaosApi;
  path: string;
  /** fieldSelector / labelSelector. */
  query: Record<string, string>;
  /** Where to start (the create answer's resourceVersion); undefined replays current objects as ADDED. */
  resourceVersion?: string;
  onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void;
  /**
   * After 410 Gone (the version fell out of the server's window): re-read the state and return
   * the version to continue from, or undefined to replay from now.
   */
  relist(): Promise<string | undefined>;
  /** Something went wrong with the stream; the watch carries on. */
  onTrouble(detail: string): void;
  clock: Clock;
  reconnectDelayMs: number;
  signal: AbortSignal;
}

/**
 * Watches until `signal` aborts. The API server ends watch streams routinely (its own timeout,
 * a restart), so an end is not a failure: it watches again from the last version it saw.
 */
export async function keepWatching(options: ResourceWatchOptions): Promise<void> {
  let resourceVersion = options.resourceVersion;
  while (!options.signal.aborted) {
    let expired = false;
    const ended = Promise.withResolvers<unknown>();
    const onEvent = (type: WatchEventType, raw: unknown): void => {
      if (options.signal.aborted) return;
      if (type === 'ERROR') {
        const status = ChaosApi.statusOf(raw);
        if (status?.code === 410) expired = true;
        else options.onTrouble(`watch error from the API server: ${status?.message ?? JSON.stringify(raw)}`);
        return;
      }
      const parsed = kubeObjectSchema.safeParse(raw);
      if (!parsed.success) return;
      resourceVersion = parsed.data.metadata?.resourceVersion ?? resourceVersion;
      if (type !== 'BOOKMARK') options.onEvent(type, parsed.data);
    };
    let controller: AbortController | undefined;
    const stop = (): void => controller?.abort();
    options.signal.addEventListener('abort', stop, { once: true });
    try {
      controller = await options.api.watch(
        options.path,
        // The server ends the stream itself before client-node's 30 s inactivity limit.
        { ...options.query, resourceVersion, timeoutSeconds: String(WATCH_SECONDS) },
        onEvent,
        (error) => ended.resolve(error),
      );
      if (options.signal.aborted) controller.abort();
      const error = await ended.promise;
      if (options.signal.aborted) break;
      if (error && !expired) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 410) expired = true;
        // client-node gives up on a stream quiet for 30 s; that is routine, not trouble.
        else if (!(error instanceof Error && error.name === 'TimeoutError'))
          options.onTrouble(
            `watch of ${options.path} broke: ${error instanceof Error ? error.message : JSON.stringify(error)}; watching again`,
          );
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
    }
    if (expired) {
      options.onTrouble('the watch expired (410 Gone); re-reading the current state');
      resourceVersion = await options.relist();
      continue;
    }
    try {
      await options.clock.sleep(options.reconnectDelayMs, options.signal);
    } catch {
      break;
    }
  }
}
