export { engineProcesses, type EngineProcess } from './engine-processes.ts';
export { localEngineSpecs, localEnginePods, prepareLocalEngines, probeEnginePorts } from './engine-pods.ts';
export { liveRoles } from './live-roles.ts';
export {
  ENGINE_STOP_TIMEOUT_MS,
  startLocalEngines,
  type EngineProgress,
  type LocalEngines,
  type LocalEnginesOptions,
} from './local-engines.ts';
export {
  ENGINES,
  ENGINE_REPLICAS,
  cassandraJmxPort,
  enginePods,
  engineUid,
  isEnginePod,
  localTopology,
  type Engine,
  type EnginePod,
  type LocalPod,
  type LocalTopology,
} from './local-topology.ts';
export { superviseLocalCluster, type LocalCluster, type LocalClusterOptions } from './local-supervision.ts';
