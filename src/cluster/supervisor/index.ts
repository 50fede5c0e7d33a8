export { DEFAULT_RESTART_BACKOFF, restartDelay, type RestartBackoff } from './backoff.ts';
export { spawnPod, type ChildHandle, type PodProcessSpec, type SpawnPod } from './pod-process.ts';
export { Supervisor, type PodState, type PodStatus, type SupervisorOptions } from './supervisor.ts';
