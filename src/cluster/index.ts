export {
  isAlive,
  readClusterState,
  removeClusterState,
  writeClusterState,
  type ClusterState,
} from './cluster-state.ts';
export { servicePodSpecs, parsePortOverrides, startEmbeddedSupervisor } from './embedded-cluster.ts';
export { isReady, waitUntilReady } from './readiness.ts';
export { embeddedTopology, podUrl, type Pod, type Profile, type Topology } from './topology.ts';
export {
  probePods,
  runningState,
  startDetached,
  startLocalDetached,
  stopCluster,
  type UpProgress,
} from './cluster-control.ts';
export { heldPods, holdPod, releaseAll, releasePod } from './pod-holds.ts';
