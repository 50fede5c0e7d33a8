import type { EngineBinaries } from './engine-binaries.ts';

/** What every engine module needs to render a pod's files and command line. */
export interface EngineContext {
  /** The cluster's state folder: pod data under `pods/`, logs under `logs/`. */
  stateDir: string;
  binaries: EngineBinaries;
}
