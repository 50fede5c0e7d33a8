import { FAULT_KINDS } from '../kinds/index.ts';
import type { ExperimentKind } from '../spec/index.ts';
import { ChaosKubeError } from './k8s-errors.ts';

/** Chaos Mesh's API group and the version our experiment files are written against. */
export const CHAOS_MESH_GROUP = 'chaos-mesh.org';
export const CHAOS_MESH_VERSION = 'v1alpha1';

/** The resource plural Kubernetes serves each supported kind under: the fault kinds' own mapping, then Workflow and Schedule. */
export const CHAOS_PLURALS: Readonly<Record<ExperimentKind, string>> = {
  PodChaos: FAULT_KINDS.PodChaos.plural,
  NetworkChaos: FAULT_KINDS.NetworkChaos.plural,
  StressChaos: FAULT_KINDS.StressChaos.plural,
  Workflow: 'workflows',
  Schedule: 'schedules',
};

/** Where one applied experiment lives in the cluster. */
export interface ChaosResourceRef {
  kind: ExperimentKind;
  plural: string;
  namespace: string;
  name: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `NetworkChaos butterfly/capsule-odyssey-partition`: how people and kubectl name it. */
export function describeResource(ref: ChaosResourceRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/**
 * Reads kind, name and namespace from a raw manifest (the manifest itself is applied
 * unchanged). A manifest without `metadata.namespace` goes to the kubeconfig's namespace.
 */
export function chaosResourceOf(
  kind: ExperimentKind,
  manifest: Record<string, unknown>,
  defaultNamespace: string,
): ChaosResourceRef {
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    // generateName would leave us unable to find, watch and delete what we created.
    throw new ChaosKubeError(
      `${kind} manifest has no metadata.name; the Kubernetes backend needs a fixed name to watch and delete it`,
      {
        kind,
      },
    );
  }
  const namespace =
    typeof metadata.namespace === 'string' && metadata.namespace !== ''
      ? metadata.namespace
      : defaultNamespace;
  return { kind, plural: CHAOS_PLURALS[kind], namespace, name };
}
