/**
 * What one chaos run recorded. The runner fills these records as the run goes; the reports
 * (JSON, JUnit, HTML, text summary) only render them, so every report tells the same story.
 */

/** One thing that happened during a run, at epoch milliseconds `at`. */
export interface RunEvent {
  at: number;
  kind:
    | 'step-start'
    | 'step-end'
    | 'fault-injected'
    | 'fault-bites'
    | 'detected'
    | 'fault-removed'
    | 'fault-gone'
    | 'recovered'
    | 'probe-failed'
    | 'info';
  /** The workflow step (or fault name) the event belongs to. */
  step?: string;
  detail: string;
}

/** The kinds a RunEvent can have, in the order a healthy run meets them. */
export const RUN_EVENT_KINDS = [
  'step-start',
  'step-end',
  'fault-injected',
  'fault-bites',
  'detected',
  'fault-removed',
  'fault-gone',
  'recovered',
  'probe-failed',
  'info',
] as const satisfies readonly RunEvent['kind'][];

/** One request of the background workload: when it started, how it ended, how long it took. */
export interface WorkloadSample {
  at: number;
  ok: boolean;
  /** HTTP status, or 0 when no answer came (connection refused, timeout). */
  status: number;
  latencyMs: number;
}

/** The workload's ledger read back after recovery: write ids by what happened to them. */
export interface LedgerResult {
  acknowledged: number;
  lost: string[];
  duplicated: string[];
  unexpected: string[];
}

/** The moments the verdict is judged on (epoch milliseconds). */
export interface RunTimings {
  faultInjectedAt?: number;
  detectedAt?: number;
  faultRemovedAt?: number;
  recoveredAt?: number;
}

/** PASS or FAIL, and why. */
export interface Verdict {
  result: 'PASS' | 'FAIL';
  reasons: string[];
}

/** One experiment's run. */
export interface ExperimentRun {
  experiment: string;
  file: string;
  target: 'local' | 'k8s';
  mode: 'run' | 'validate-only' | 'dry-run';
  startedAt: number;
  endedAt: number;
  events: RunEvent[];
  samples: WorkloadSample[];
  /** The rate the workload was asked to hold (writes per second); absent without a workload. */
  workloadRatePerSecond?: number;
  ledger?: LedgerResult;
  timings: RunTimings;
  /** Where the local fault differs from Chaos Mesh's (empty on Kubernetes). */
  differences: string[];
  verdict: Verdict;
}

/** One invocation of the suite: every experiment it ran. */
export interface SuiteRun {
  id: string;
  startedAt: number;
  endedAt: number;
  runs: ExperimentRun[];
}
