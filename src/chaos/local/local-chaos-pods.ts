import { readClusterState } from '../../cluster/cluster-state.ts';
import { engineBinaries } from '../../cluster/engines/engine-binaries.ts';
import { liveRoles } from '../../cluster/local/live-roles.ts';
import type { ChaosPod } from '../selectors/resolve.ts';
import { ChaosInjectionError } from './chaos-local-error.ts';

/** The namespace the local cluster's pods are in, as on Kubernetes. */
export const LOCAL_NAMESPACE = 'butterfly';

/**
 * Patroni calls the writable member `leader`; Kubernetes manifests (and our experiments) say
 * `role: primary`, so the label is what Chaos Mesh would select on.
 */
const ROLE_LABELS: Readonly<Record<string, string>> = {
  leader: 'primary',
  sync_standby: 'replica',
  standby_leader: 'replica',
};

/** Where live roles come from; tests pass their own. */
export type RoleSource = (stateDir: string) => Promise<Map<string, string>>;

const engineRoles: RoleSource = (stateDir) => liveRoles({ stateDir, binaries: engineBinaries() });

/**
 * The local cluster's pods as chaos selectors see them: `cluster.json`'s pods and labels, with the
 * live `role` of PostgreSQL (Patroni leader → `primary`) and Redis pods (`master`/`replica`)
 * resolved now — it changes with every failover.
 */
export async function localChaosPods(stateDir: string, roles: RoleSource = engineRoles): Promise<ChaosPod[]> {
  const state = readClusterState(stateDir);
  if (!state)
    throw new ChaosInjectionError(
      `no cluster is recorded in ${stateDir} (cluster.json): start one with butterfly up --profile local`,
      { stateDir },
    );
  const needsRoles = state.pods.some(({ pod }) => ['postgres', 'redis'].includes(pod.labels.app ?? ''));
  const live = needsRoles ? await roles(stateDir) : new Map<string, string>();
  return state.pods.map(({ pod }) => {
    const uid = (pod as { uid?: unknown }).uid;
    const role = live.get(pod.name);
    return {
      name: pod.name,
      address: pod.address,
      namespace: LOCAL_NAMESPACE,
      labels: { ...pod.labels, ...(role ? { role: ROLE_LABELS[role] ?? role } : {}) },
      ...(typeof uid === 'number' ? { uid } : {}),
    };
  });
}
