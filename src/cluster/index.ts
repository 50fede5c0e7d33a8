export {
  isAlive,
  readClusterState,
  removeClusterState,
  writeClusterState,
  type ClusterState,
} from './cluster-state.ts';
export { servicePodSpecs, parsePortOverrides, startEmbeddedSupervisor } from './embedded-cluster.ts';
export { isReady, waitUntilReady } from './readiness.ts';
export {
  embeddedTopology,
  ENGINES,
  isEnginePod,
  LOCAL_NAMESPACE,
  podUrl,
  type Engine,
  type EnginePod,
  type Pod,
  type Profile,
  type Topology,
} from './topology.ts';
export { engineProcesses, type EngineProcess } from './engine-processes.ts';
export { EXPORTER_POD, exporterPodSpec } from './exporter-pod.ts';
export { addHostsBlock, removeHostsBlock } from './hosts-file.ts';
export { ENGINE_REPLICAS, cassandraJmxPort, enginePods, engineUid, localTopology } from './local-topology.ts';
export {
  probePods,
  runningState,
  startDetached,
  startLocalDetached,
  stopCluster,
  type UpProgress,
} from './cluster-control.ts';
export type { PodState, PodStatus } from './supervisor/index.ts';
export { heldPods, holdChecker, holdPod, releaseAll, releasePod } from './pod-holds.ts';
