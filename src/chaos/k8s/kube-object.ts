import { z } from 'zod';
import type { RunEvent } from '../report/index.ts';

/** An object as the API server returns it; only what the backend reads is typed, the rest passes through. */
export const kubeObjectSchema = z.looseObject({
  metadata: z
    .looseObject({
      name: z.string().optional(),
      uid: z.string().optional(),
      resourceVersion: z.string().optional(),
      deletionTimestamp: z.string().optional(),
    })
    .optional(),
  spec: z.unknown().optional(),
  status: z.unknown().optional(),
});

/** A Kubernetes object. */
export type KubeObject = z.infer<typeof kubeObjectSchema>;

/** A condition as Chaos Mesh writes them (`status` is the string "True", "False" or "Unknown"). */
export const conditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
});

/**
 * Conditions by type. Chaos Mesh builds the list by ranging over a Go map, so its order changes
 * from one update to the next: never index it, always look a condition up by its type.
 */
export function conditionsByType(
  conditions: readonly z.infer<typeof conditionSchema>[] | undefined,
): Map<string, { status: boolean; reason?: string }> {
  return new Map((conditions ?? []).map((c) => [c.type, { status: c.status === 'True', reason: c.reason }]));
}

/** A RunEvent before it is stamped with the backend's clock. */
export type ProgressEvent = Omit<RunEvent, 'at'>;

/** Turns successive versions of one applied resource into run events, and knows when it is over. */
export interface ResourceProgress {
  /** Feeds one observed version of the object; returns what changed since the previous one. */
  observe(object: KubeObject): ProgressEvent[];
  /** The resource finished on its own (recovered, accomplished); a Schedule never does. */
  readonly finished: boolean;
  /** A fault was injected and has not been seen recovered: deleting the resource is what removes it. */
  readonly faultActive: boolean;
}
