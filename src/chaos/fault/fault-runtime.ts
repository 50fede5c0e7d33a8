import type { ActiveFault } from './active-fault.ts';

/**
 * Where faults run, behind one interface: the local cluster (`kinds/inject-local.ts`: iptables,
 * the delay proxy, signals to processes) or Kubernetes (`k8s/chaos-mesh-runtime.ts`: the manifest
 * applied to Chaos Mesh). `apply` is Chaos Mesh's Apply; the fault it hands back proves it bites,
 * recovers and proves it is gone, whichever runtime applied it.
 */
export interface FaultRuntime<Request, Applied extends ActiveFault = ActiveFault> {
  apply(request: Request): Promise<Applied>;
}
