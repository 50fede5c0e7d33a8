import type { Proof } from '../fault/index.ts';

export type { Proof } from '../fault/index.ts';

/** One probe's answer in one phase of a run. */
export interface ProbeObservation {
  probe: string;
  phase: 'before' | 'during' | 'after';
  at: number;
  status: number;
  /** Why the answer broke the probe's rules; empty when it passed. */
  failures: string[];
}

/** What the runtime proved about one injected fault. */
export interface FaultProof {
  step: string;
  description: string;
  /** While injected: the fault really bites. Missing when the runtime could not ask. */
  bites?: Proof;
  /** After recovery: nothing of the fault remains. */
  gone?: Proof;
}

/** A step that did not end well: a Task exiting non-zero, a failed StatusCheck, a deadline passed. */
export interface StepFailure {
  step: string;
  detail: string;
  /** True when this failure stopped the workflow (StatusCheck with abortWithStatusCheck). */
  aborted: boolean;
}

/** One comparison of a consistency check's two sides. */
export interface ConsistencyObservation {
  check: string;
  at: number;
  /** The two values, or why a side could not be read. */
  left: unknown;
  right: unknown;
  equal: boolean;
}

/** Everything the runner saw beyond the report's record, for the verdict. */
export interface RunObservations {
  probes: ProbeObservation[];
  faults: FaultProof[];
  stepFailures: StepFailure[];
  /** Comparisons of the criteria's consistency checks, after the fault (or now, validate-only). */
  consistency: ConsistencyObservation[];
  /** When the first injection began: its setup may disturb traffic before the fault is reported in. */
  injectionStartedAt?: number;
  /** Set when the run could not go on (steady state not met, timeout, setup failure). */
  stoppedBecause?: string;
}
