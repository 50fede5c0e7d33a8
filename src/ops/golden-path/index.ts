export { CHECKPOINTS, type Checkpoint, type LoopState } from './checkpoints.ts';
export { PlatformClient, type Answer } from './platform-client.ts';
export {
  runGoldenPath,
  type CheckpointResult,
  type GoldenPathOptions,
  type GoldenPathResult,
} from './run-golden-path.ts';
