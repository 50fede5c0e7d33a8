import { randomBytes } from 'node:crypto';
import { ButterflyError } from '../../kit/errors/index.ts';
import type { ActiveFault, FaultRuntime } from '../fault/index.ts';
import { ChaosInjectionError, clusterPods, FaultRecord, openEntry } from '../local/index.ts';
import type { LocalChaosContext } from '../local/index.ts';
import type { Fault } from './fault.ts';
import type { FaultKindImpl } from './fault-kind.ts';
import { FAULT_KINDS } from './fault-kinds.ts';
import type { TargetPod } from './injector.ts';

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
  targets: readonly TargetPod[],
  peers: readonly TargetPod[],
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
    // One kind's impl for its own fault: the map is keyed by kind, so the pairing holds.
    const kind = FAULT_KINDS[fault.kind] as FaultKindImpl<Fault>;
    return await kind.inject({ fault, targets, peers, context, pods, record });
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

/** What the local runtime applies: a fault, the pods its selectors resolved to, and the cluster. */
export interface LocalFaultRequest {
  fault: Fault;
  targets: readonly TargetPod[];
  peers: readonly TargetPod[];
  context: LocalChaosContext;
}

/** The local runtime: each kind's injector on the local cluster, journaled. */
export const localFaultRuntime: FaultRuntime<LocalFaultRequest> = {
  apply: ({ fault, targets, peers, context }) => injectLocal(fault, targets, peers, context),
};
