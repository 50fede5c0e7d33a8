import type { Fault } from './fault.ts';
import type { Pod } from '../../cluster/index.ts';
import type { ActiveFault } from '../fault/index.ts';
import type { LocalChaosContext, ClusterPod, FaultRecord } from '../local/index.ts';

/** What an injector reads of a selected pod; the rest comes from the cluster's record of it. */
export type TargetPod = Pick<Pod, 'name' | 'address' | 'uid'>;

/** Everything an injector gets: the fault, its resolved pods, the cluster, and its journal record. */
export interface InjectionRequest<F extends Fault = Fault> {
  fault: F;
  targets: readonly TargetPod[];
  peers: readonly TargetPod[];
  context: LocalChaosContext;
  /** The cluster's pods (ports, uids, pids) from its `cluster.json`. */
  pods: Map<string, ClusterPod>;
  /** The fault's journal entry: record each undo step here before applying it. */
  record: FaultRecord;
}

/** Injects one fault kind/action (Chaos Mesh's `Apply`); the returned fault knows its `Recover`. */
export type Injector<F extends Fault = Fault> = (request: InjectionRequest<F>) => Promise<ActiveFault>;
