import type { ActiveFault, FaultRuntime, Proof } from '../fault/index.ts';
import type { ChaosApi } from './chaos-api.ts';
import { describeResource, type ChaosResourceRef } from './chaos-resource.ts';
import { conditionSchema, conditionsByType, type KubeObject, type ProgressEvent } from './kube-object.ts';
import { removeResource, type RemovalOptions } from './resource-removal.ts';

/** What the Kubernetes runtime applies: one experiment's manifest, unchanged, where it goes. */
export interface ChaosMeshRequest {
  ref: ChaosResourceRef;
  manifest: Record<string, unknown>;
  /** Told why a removal did not finish (the delete failed, or a finalizer holds the object). */
  emit: (event: ProgressEvent) => void;
}

/** A fault Chaos Mesh runs, with the object the API server stored for it. */
export interface ChaosMeshFault extends ActiveFault {
  created: KubeObject;
}

/** The part of the Kubernetes API the runtime uses. */
export type ChaosObjects = Pick<ChaosApi, 'create' | 'get' | 'delete'>;

// Only the three fault kinds carry Chaos Mesh's AllInjected; a Workflow or Schedule bites node by
// node, which the backend's watch reports.
const SINGLE_FAULT_KINDS = new Set(['PodChaos', 'NetworkChaos', 'StressChaos']);

function injectedProof(ref: ChaosResourceRef, object: KubeObject | undefined): Proof {
  if (object === undefined) return { ok: false, detail: `${describeResource(ref)} is gone` };
  if (!SINGLE_FAULT_KINDS.has(ref.kind)) {
    return { ok: false, detail: `a ${ref.kind} bites node by node; its nodes' conditions tell` };
  }
  const status = object.status as { conditions?: unknown } | undefined;
  const parsed = conditionSchema.array().safeParse(status?.conditions ?? []);
  const injected = conditionsByType(parsed.success ? parsed.data : []).get('AllInjected');
  return injected?.status === true
    ? { ok: true, detail: `Chaos Mesh reports AllInjected on ${describeResource(ref)}` }
    : {
        ok: false,
        detail: `${describeResource(ref)} is not AllInjected (${injected?.reason ?? 'no condition yet'})`,
      };
}

/**
 * The Kubernetes runtime: apply creates the object (Chaos Mesh injects), recover deletes it and
 * waits for its finalizer (Chaos Mesh recovers), and gone means the API server no longer has it.
 */
export function chaosMeshRuntime(
  api: ChaosObjects,
  removal: RemovalOptions,
): FaultRuntime<ChaosMeshRequest, ChaosMeshFault> {
  return {
    async apply({ ref, manifest, emit }) {
      const created = await api.create(ref, manifest);
      let removed: Promise<boolean> | undefined;
      return {
        id: created.metadata?.uid ?? describeResource(ref),
        description: describeResource(ref),
        differences: [],
        created,
        proveBites: async () => injectedProof(ref, await api.get(ref)),
        recover: async () => {
          // Once only: a second recover waits for the first delete instead of issuing another.
          removed ??= removeResource(api, ref, emit, removal);
          await removed;
        },
        proveGone: async () => {
          // After recover, its last read is the proof (it polls until a 404); before, read now.
          const gone = removed !== undefined ? await removed : (await api.get(ref)) === undefined;
          return gone
            ? { ok: true, detail: `${describeResource(ref)} deleted; the API server no longer has it` }
            : { ok: false, detail: `${describeResource(ref)} is still present` };
        },
      };
    },
  };
}
