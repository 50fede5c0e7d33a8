import { readClusterState } from '../../cluster/index.ts';
import { staticChaosPods, type SelectablePod } from '../selectors/index.ts';
import { localChaosPods } from './local-chaos-pods.ts';

/**
 * The pods a plan resolves its selectors against: the running local cluster's (with live roles)
 * when there is one, else the local topology's static pods, so a plan prints without a cluster.
 */
export async function planPods(stateDir: string): Promise<SelectablePod[]> {
  if (!readClusterState(stateDir)) return staticChaosPods();
  try {
    return await localChaosPods(stateDir);
  } catch {
    return staticChaosPods();
  }
}
