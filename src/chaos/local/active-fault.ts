import type { Clock } from '../../kit/time/index.ts';

/** The answer of a check that a fault bites or is gone: ok, and what was seen. */
export interface Proof {
  ok: boolean;
  detail: string;
}

/** A fault injected into the local cluster, with its proofs and its undo. */
export interface ActiveFault {
  id: string;
  description: string;
  /** Where this local fault differs from Chaos Mesh's (e.g. "delay by userspace proxy, not netem"). */
  differences: string[];
  /** The connection really fails, the process is really gone, the stress really burns. */
  proveBites(): Promise<Proof>;
  /** Undoes the fault; idempotent. The journal entry goes once the undo is verified. */
  recover(): Promise<void>;
  /** No rule, proxy, process or hold of this fault remains. */
  proveGone(): Promise<Proof>;
}

/** What an injection needs from its caller. */
export interface LocalChaosContext {
  /** The local cluster's state folder (`cluster.json`, `holds/`, and our `chaos/journal/`). */
  stateDir: string;
  clock: Clock;
  signal?: AbortSignal;
}
