import type { Fault } from '../spec/experiment.ts';
import type { ChaosPod } from '../selectors/resolve.ts';
import type { ActiveFault, LocalChaosContext } from './active-fault.ts';
import type { ClusterPod } from './cluster-pods.ts';
import type { FaultRecord } from './journaled-fault.ts';

/** Everything an injector gets: the fault, its resolved pods, the cluster, and its journal record. */
export interface InjectionRequest<F extends Fault = Fault> {
  fault: F;
  targets: readonly ChaosPod[];
  peers: readonly ChaosPod[];
  context: LocalChaosContext;
  /** The cluster's pods (ports, uids, pids) from its `cluster.json`. */
  pods: Map<string, ClusterPod>;
  /** The fault's journal entry: record each undo step here before applying it. */
  record: FaultRecord;
}

/** Injects one fault kind/action (Chaos Mesh's `Apply`); the returned fault knows its `Recover`. */
export type Injector<F extends Fault = Fault> = (request: InjectionRequest<F>) => Promise<ActiveFault>;
