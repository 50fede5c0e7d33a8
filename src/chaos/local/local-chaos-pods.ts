import { LOCAL_NAMESPACE, readClusterState } from '../../cluster/index.ts';
import { engineBinaries } from '../../cluster/engines/index.ts';
import { liveRoles } from '../../cluster/local/index.ts';
import { selectablePod, type SelectablePod } from '../selectors/index.ts';
import { ChaosInjectionError } from './chaos-local-error.ts';

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
export async function localChaosPods(
  stateDir: string,
  roles: RoleSource = engineRoles,
): Promise<SelectablePod[]> {
  const state = readClusterState(stateDir);
  if (!state)
    throw new ChaosInjectionError(
      `no cluster is recorded in ${stateDir} (cluster.json): start one with butterfly up --profile local`,
      { stateDir },
    );
  const needsRoles = state.pods.some(({ pod }) => ['postgres', 'redis'].includes(pod.labels.app ?? ''));
  const live = needsRoles ? await roles(stateDir) : new Map<string, string>();
  return state.pods.map(({ pod }) => {
    const role = live.get(pod.name);
    // A cluster.json written before pods carried their namespace still reads as the local one.
    const selectable = selectablePod({ ...pod, namespace: pod.namespace ?? LOCAL_NAMESPACE });
    return role
      ? { ...selectable, labels: { ...selectable.labels, role: ROLE_LABELS[role] ?? role } }
      : selectable;
  });
}
