import { holdPod } from '../../../cluster/index.ts';
import { clusterPodOf, clusterPods, journaledFault, processTable, podProcesses } from '../../local/index.ts';
import type { Injector } from '../injector.ts';
import { killTargets, proveKilled } from './pod-kill.ts';
import { type PodChaosFault } from './spec.ts';

/**
 * PodChaos `pod-failure`: the pod is held down (`<state-dir>/holds/<pod>`, which the supervisor
 * honours and which outlives this process) and its processes killed; recovery releases the hold
 * and the supervisor starts it again.
 */
export const podFailure: Injector<PodChaosFault> = async (request) => {
  const { stateDir } = request.context;
  const names = request.targets.map((target) => clusterPodOf(request.pods, target).name);
  request.record.record(names.map((pod) => ({ type: 'hold', pod })));
  for (const pod of names) holdPod(stateDir, pod, `chaos ${request.record.id}`);
  const killed = await killTargets(request);
  return journaledFault(request.record, request.context.clock, {
    description: `pod-failure ${names.join(', ')}`,
    differences: [
      'the pod is held down by the local supervisor (state Held) instead of its containers being replaced by a pause image',
    ],
    async proveBites() {
      const gone = proveKilled(killed);
      const now = clusterPods(stateDir);
      const table = processTable();
      const running = names.filter((name) => {
        const pod = now.get(name);
        const identity = {
          ...(pod?.pid === undefined ? {} : { pid: pod.pid }),
          ...(pod?.uid === undefined ? {} : { uid: pod.uid }),
        };
        return podProcesses(identity, table).length > 0;
      });
      if (running.length > 0)
        return { ok: false, detail: `${gone.detail}; but ${running.join(', ')} runs again despite the hold` };
      return { ok: gone.ok, detail: `${gone.detail}; held down, not restarted` };
    },
  });
};
