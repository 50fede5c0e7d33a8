import type { Injector } from '../injector.ts';
import { journaledFault } from '../../local/index.ts';
import { killTargets, proveKilled, restartState } from './pod-kill.ts';
import { type PodChaosFault } from './spec.ts';

/**
 * PodChaos `container-kill`: a local pod is one container, so its processes are killed as
 * pod-kill does and the supervisor restarts it — as the kubelet restarts a killed container.
 */
export const containerKill: Injector<PodChaosFault> = async (request) => {
  const killed = await killTargets(request);
  const containers = request.fault.containerNames?.join(', ') ?? 'every container';
  return journaledFault(request.record, request.context.clock, {
    description: `container-kill ${containers} of ${[...killed.keys()].join(', ')}`,
    differences: [
      `a local pod is a single process tree: ${containers} means the whole pod`,
      'restarted by the local supervisor with its backoff, not by the kubelet',
    ],
    proveBites: async () => proveKilled(killed),
    proveRestored: async () => ({
      ok: true,
      detail: restartState(request.context.stateDir, [...killed.keys()]),
    }),
  });
};
