import type { K8sChaosBackend } from '../k8s/index.ts';
import type { Experiment } from '../spec/index.ts';
import type { FaultProof } from '../verdict/index.ts';
import type { Execute } from './run-experiment.ts';
import type { StepTreeResult } from './step-engine.ts';

/**
 * The fault-bearing part of a run on Kubernetes: Chaos Mesh applies the manifest unchanged and
 * runs its own workflow; the backend reports conditions as events. There the proof that a fault
 * bit is Chaos Mesh's AllInjected, and the proof it is gone is AllRecovered plus the resource
 * confirmed deleted.
 */
export function k8sExecute(
  backend: K8sChaosBackend,
  experiment: Experiment,
  options: { environment: string; force: boolean; timeoutMs: number },
): Execute {
  return async (_root, hooks, signal) => {
    const faults = new Map<string, FaultProof>();
    const result = await backend.run(experiment, {
      ...options,
      signal,
      onEvent: (event) => {
        hooks.onEvent(event);
        const step = event.step ?? experiment.name;
        if (event.kind === 'fault-injected') {
          faults.set(step, {
            step,
            description: event.detail,
            bites: { ok: true, detail: `Chaos Mesh: AllInjected (${event.detail})` },
          });
          hooks.onFaultWindow('injected', event.at);
        }
        if (event.kind === 'fault-removed') {
          const proof = faults.get(step);
          if (proof) proof.gone = { ok: true, detail: `Chaos Mesh: AllRecovered (${event.detail})` };
          hooks.onFaultWindow('removed', event.at);
        }
      },
    });
    const tree: StepTreeResult = {
      failures: [],
      faults: [...faults.values()],
      differences: [],
      aborted: result.aborted,
    };
    if (!result.removed) {
      for (const proof of tree.faults) {
        proof.gone = { ok: false, detail: `the ${experiment.kind} resource was not confirmed deleted` };
      }
    }
    if (result.outcome !== 'finished') {
      tree.failures.push({
        step: experiment.name,
        detail: `the Kubernetes run ${result.outcome}`,
        aborted: true,
      });
    }
    return tree;
  };
}
