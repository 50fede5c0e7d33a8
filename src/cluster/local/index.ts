export { localEngineSpecs, localEnginePods, prepareLocalEngines, probeEnginePorts } from './engine-pods.ts';
export { liveRoles } from './live-roles.ts';
export {
  ENGINE_STOP_TIMEOUT_MS,
  startLocalEngines,
  type EngineProgress,
  type LocalEngines,
  type LocalEnginesOptions,
} from './local-engines.ts';
// The local topology's home is src/cluster (the one pod shape); re-exported for the callers that
// start local clusters.
export {
  ENGINES,
  ENGINE_REPLICAS,
  cassandraJmxPort,
  engineProcesses,
  enginePods,
  engineUid,
  isEnginePod,
  localTopology,
  type Engine,
  type EngineProcess,
  type EnginePod,
} from '../index.ts';
export { superviseLocalCluster, type LocalCluster, type LocalClusterOptions } from './local-supervision.ts';
