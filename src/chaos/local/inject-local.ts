import { randomBytes } from 'node:crypto';
import { ButterflyError } from '../../kit/errors/index.ts';
import type { Fault } from '../spec/experiment.ts';
import type { ChaosPod } from '../selectors/resolve.ts';
import type { ActiveFault, LocalChaosContext } from './active-fault.ts';
import { ChaosInjectionError } from './chaos-local-error.ts';
import { clusterPods } from './cluster-pods.ts';
import type { Injector } from './injector.ts';
import { FaultRecord } from './journaled-fault.ts';
import { openEntry } from './journal/journal.ts';
import { delay } from './network/delay/delay.ts';
import type { NetworkFault } from './network/filter-fault.ts';
import { loss } from './network/loss.ts';
import { partition } from './network/partition.ts';
import { containerKill } from './pod/container-kill.ts';
import { podFailure } from './pod/pod-failure.ts';
import { podKill, type PodFault } from './pod/pod-kill.ts';
import { stress } from './stress/stress.ts';

/** Each kind's actions, as Chaos Mesh routes them to its `chaosimpl`s: a plain map. */
const POD_CHAOS: Record<PodFault['action'], Injector<PodFault>> = {
  'pod-kill': podKill,
  'container-kill': containerKill,
  'pod-failure': podFailure,
};
const NETWORK_CHAOS: Record<NetworkFault['action'], Injector<NetworkFault>> = { partition, loss, delay };

function faultName(fault: Fault): string {
  return fault.kind === 'StressChaos' ? 'stresschaos' : `${fault.kind.toLowerCase()}-${fault.action}`;
}

function newFaultId(fault: Fault, now: number): string {
  return `${faultName(fault)}-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Injects a fault into the local cluster: journals it first (`<state-dir>/chaos/journal/<id>.json`,
 * each undo step on disk before it is applied), then applies it. `targets` come from the fault's
 * selector, `peers` from a NetworkChaos `target`. A failed injection undoes what it did.
 */
export async function injectLocal(
  fault: Fault,
  targets: ChaosPod[],
  peers: ChaosPod[],
  context: LocalChaosContext,
): Promise<ActiveFault> {
  context.signal?.throwIfAborted();
  if (targets.length === 0) throw new ChaosInjectionError(`${faultName(fault)}: the selector matched no pod`);
  const pods = clusterPods(context.stateDir);
  const now = context.clock.now();
  const id = newFaultId(fault, now);
  openEntry(context.stateDir, {
    id,
    fault: faultName(fault),
    description: `${faultName(fault)} on ${targets.map((pod) => pod.name).join(', ')}${peers.length > 0 ? ` and ${peers.map((pod) => pod.name).join(', ')}` : ''}`,
    createdAt: now,
  });
  const record = new FaultRecord(context.stateDir, id);
  try {
    switch (fault.kind) {
      case 'PodChaos':
        return await POD_CHAOS[fault.action]({ fault, targets, peers, context, pods, record });
      case 'NetworkChaos':
        return await NETWORK_CHAOS[fault.action]({ fault, targets, peers, context, pods, record });
      case 'StressChaos':
        return await stress({ fault, targets, peers, context, pods, record });
    }
  } catch (error) {
    await record.undo(context.clock).catch(() => {
      // What could not be undone stays journaled for cleanupLocal.
    });
    if (error instanceof ButterflyError) throw error;
    throw new ChaosInjectionError(
      `${faultName(fault)} could not be injected: ${(error as Error).message}`,
      { id },
      { cause: error },
    );
  }
}
