/** The answer of a check that a fault bites or is gone: ok, and what was seen. */
export interface Proof {
  ok: boolean;
  detail: string;
}

/**
 * A fault in place, as every runtime hands it to the step engine (Chaos Mesh's `Apply` has
 * returned): it proves it bites, recovers, and proves it is gone.
 */
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
