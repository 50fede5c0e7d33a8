import { ValidationError } from '../../kit/errors/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { RunEvent } from '../report/index.ts';
import type { Experiment } from '../spec/index.ts';
import type { Execute } from './execute.ts';
import type { Http } from './probe-round.ts';

/** Everything one experiment's run needs. */
export interface RunExperimentOptions {
  experiment: Experiment;
  mode: 'run' | 'validate-only';
  target: 'local' | 'k8s';
  runId: string;
  clock: Clock;
  http: Http;
  execute: Execute;
  /** Each service's health URL by pod name, watched for detection. */
  healthUrls: Readonly<Record<string, string>>;
  /** Each service's base URL by pod name, for the workload. */
  serviceUrls: Readonly<Record<string, string>>;
  onEvent: (event: RunEvent) => void;
  signal?: AbortSignal;
  /** Pause between probe rounds. */
  intervalMs?: number;
  /** How long the workload runs before the fault (the steady state it is judged against). */
  steadyStateMs?: number;
  /** How long to keep looking for acknowledged writes that a queue is still replaying. */
  readBackPatienceMs?: number;
  /** How long after the budgets the runner keeps measuring (a late recovery is measured, not cut off). */
  graceMs?: number;
}

/** The timings a run may leave out, and what they are then. */
const TIMING_DEFAULTS = {
  intervalMs: 1000,
  steadyStateMs: 3000,
  readBackPatienceMs: 60_000,
  graceMs: 30_000,
} as const satisfies Record<string, number>;

type Timing = keyof typeof TIMING_DEFAULTS;

/** A run's options with every default applied, checked once and frozen. */
export type CompiledRunOptions = Readonly<
  Omit<RunExperimentOptions, Timing | 'signal'> & Record<Timing, number> & { signal: AbortSignal }
>;

/** Applies the defaults and checks each timing; a bad one is named in the ValidationError. */
export function compileRunOptions(options: RunExperimentOptions): CompiledRunOptions {
  const timings = {} as Record<Timing, number>;
  const issues: { field: string; message: string }[] = [];
  for (const key of Object.keys(TIMING_DEFAULTS) as Timing[]) {
    const value = options[key] ?? TIMING_DEFAULTS[key];
    if (!Number.isFinite(value) || value < 0)
      issues.push({ field: key, message: `expected a duration in ms >= 0, got ${String(value)}` });
    timings[key] = value;
  }
  if (issues.length > 0)
    throw new ValidationError(
      `invalid run options: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`,
      issues,
    );
  return Object.freeze({
    ...options,
    ...timings,
    signal: options.signal ?? new AbortController().signal,
  });
}
