import { localTopology } from '../../cluster/index.ts';
import type { SelectablePod } from './resolve.ts';

/** Labels whose value changes at run time (Patroni leader, Redis master): resolved at injection, not planned. */
export const LIVE_LABELS = ['role'] as const;

/** The local profile's pods from its static topology, without live roles: what a plan resolves against. */
export function staticChaosPods(): SelectablePod[] {
  return localTopology().pods.map(selectablePod);
}

/** The selector's view of a pod, labels copied so live roles can be added to them. */
export function selectablePod(pod: SelectablePod): SelectablePod {
  return {
    name: pod.name,
    address: pod.address,
    namespace: pod.namespace,
    labels: { ...pod.labels },
    ...(pod.uid !== undefined ? { uid: pod.uid } : {}),
  };
}
