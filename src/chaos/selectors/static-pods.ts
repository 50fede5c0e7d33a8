import { localTopology } from '../../cluster/local/local-topology.ts';
import type { ChaosPod } from './resolve.ts';

/** The namespace the local cluster's pods are in, as on Kubernetes. */
export const LOCAL_NAMESPACE = 'butterfly';

/** Labels whose value changes at run time (Patroni leader, Redis master): resolved at injection, not planned. */
export const LIVE_LABELS = ['role'] as const;

/** The local profile's pods from its static topology, without live roles: what a plan resolves against. */
export function staticChaosPods(): ChaosPod[] {
  return localTopology().pods.map((pod) => ({
    name: pod.name,
    address: pod.address,
    labels: { ...pod.labels },
    ...(pod.uid !== undefined ? { uid: pod.uid } : {}),
    namespace: LOCAL_NAMESPACE,
  }));
}
