import { readClusterState, type Pod, type PodStatus } from '../../cluster/index.ts';
import { ChaosInjectionError } from './chaos-local-error.ts';
import type { TrafficEnd } from './iptables/pod-traffic.ts';

/** A pod of the running local cluster: the topology's pod and, while it runs, its process and state. */
export type ClusterPod = Pod & { pid?: number; state?: PodStatus['state'] };

/** The pods of the cluster recorded in `stateDir`, by name; none recorded → ChaosInjectionError. */
export function clusterPods(stateDir: string): Map<string, ClusterPod> {
  const state = readClusterState(stateDir);
  if (!state)
    throw new ChaosInjectionError(
      `no cluster is recorded in ${stateDir} (cluster.json): start one with butterfly up --profile local`,
      { stateDir },
    );
  return new Map(
    state.pods.map(({ pod, status }) => [
      pod.name,
      {
        ...pod,
        labels: { ...pod.labels },
        ports: { ...pod.ports },
        ...(status?.pid ? { pid: status.pid } : {}),
        ...(status?.state ? { state: status.state } : {}),
      },
    ]),
  );
}

/** The cluster's record of a selected pod; a pod the cluster does not have → ChaosInjectionError. */
export function clusterPodOf(pods: Map<string, ClusterPod>, pod: Pick<Pod, 'name'>): ClusterPod {
  const found = pods.get(pod.name);
  if (!found)
    throw new ChaosInjectionError(
      `pod ${pod.name} is not in the local cluster (it has ${[...pods.keys()].join(', ')})`,
      {
        pod: pod.name,
      },
    );
  return found;
}

/** A pod as its packets are recognised. */
export function trafficEndOf(pod: Pick<Pod, 'name' | 'address' | 'uid'>): TrafficEnd {
  return { name: pod.name, address: pod.address, ...(pod.uid === undefined ? {} : { uid: pod.uid }) };
}

/** The port a probe connects to: the pod's first (HTTP for services, the client port for engines). */
export function probePort(pod: Pick<Pod, 'name' | 'ports'>): number {
  const port = Object.values(pod.ports)[0];
  if (port === undefined)
    throw new ChaosInjectionError(`pod ${pod.name} has no port to probe`, { pod: pod.name });
  return port;
}
