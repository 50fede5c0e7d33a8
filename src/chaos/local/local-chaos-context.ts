import type { Clock } from '../../kit/time/index.ts';

/** What an injection needs from its caller. */
export interface LocalChaosContext {
  /** The local cluster's state folder (`cluster.json`, `holds/`, and our `chaos/journal/`). */
  stateDir: string;
  clock: Clock;
  signal?: AbortSignal;
}
