import type { Clock } from '../../kit/time/index.ts';
import { localFaultRuntime } from '../kinds/index.ts';
import { localChaosPods } from '../local/index.ts';
import { resolveSelector } from '../selectors/index.ts';
import type { Fault } from '../spec/index.ts';
import type { Http } from './probe-round.ts';
import type { ActiveFault } from '../fault/index.ts';
import type { StepOf, StepRuntime } from './step-runtime.ts';
import { runTaskCommand } from './task-command.ts';

/** The step runtime of the local profile, minus the hooks the run adds. */
export type LocalRuntime = Omit<StepRuntime, 'onEvent' | 'onFaultWindow'>;

/**
 * Faults go to the local injectors, with selectors resolved against the cluster's pods at the
 * moment of injection (so `role: primary` is whoever leads now); Tasks run with /bin/sh.
 */
export function localStepRuntime(options: {
  stateDir: string;
  clock: Clock;
  http: Http;
  defaultFaultMs: number;
}): LocalRuntime {
  const { stateDir, clock } = options;
  return {
    clock,
    http: options.http,
    defaultFaultMs: options.defaultFaultMs,
    runTask: runTaskCommand,
    inject: async (step: StepOf<'Fault'>, signal: AbortSignal): Promise<ActiveFault> => {
      const pods = await localChaosPods(stateDir);
      const targets = resolveSelector(step.fault.selector, pods);
      const peers = peerSelector(step.fault) ? resolveSelector(peerSelector(step.fault)!, pods) : [];
      return localFaultRuntime.apply({
        fault: step.fault,
        targets,
        peers,
        context: { stateDir, clock, signal },
      });
    },
  };
}

function peerSelector(fault: Fault) {
  return fault.kind === 'NetworkChaos' ? fault.target : undefined;
}
