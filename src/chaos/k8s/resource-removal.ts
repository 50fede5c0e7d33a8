import { formatDuration, type Clock } from '../../kit/time/index.ts';
import type { ChaosApi } from './chaos-api.ts';
import { describeResource, type ChaosResourceRef } from './chaos-resource.ts';
import type { ProgressEvent } from './kube-object.ts';

/** How patiently a deleted resource is waited for. */
export interface RemovalOptions {
  clock: Clock;
  deleteTimeoutMs: number;
  pollIntervalMs: number;
}

/**
 * Deletes the resource and waits until the API server no longer has it (Chaos Mesh recovers in
 * its finalizer); false, with the reason emitted, when it stays or the delete fails.
 */
export async function removeResource(
  api: Pick<ChaosApi, 'get' | 'delete'>,
  ref: ChaosResourceRef,
  emit: (e: ProgressEvent) => void,
  { clock, deleteTimeoutMs, pollIntervalMs }: RemovalOptions,
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
