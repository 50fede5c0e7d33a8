import type { Experiment } from './experiment.ts';
import { MAX_WORKLOAD_RATE } from './criteria.ts';

/**
 * A workload rate as people type it: `100`, `100/s` or `2.5/s`, in writes per second, above 0 and
 * at most MAX_WORKLOAD_RATE. Undefined when the text is anything else (the caller names its flag).
 */
export function parseWorkloadRate(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!match) return undefined;
  const rate = Number(match[1]);
  return rate > 0 && rate <= MAX_WORKLOAD_RATE ? rate : undefined;
}

/** What `parseWorkloadRate` accepts, for error messages. */
export const WORKLOAD_RATE_FORMAT = `writes per second above 0 and at most ${MAX_WORKLOAD_RATE}, e.g. 100 or 100/s`;

/**
 * The experiment with its workload's rate replaced (`chaos run --load`); an experiment without a
 * workload is returned as it is, since there is nothing to load.
 */
export function atWorkloadRate(experiment: Experiment, ratePerSecond: number): Experiment {
  const { workload } = experiment.criteria;
  if (!workload) return experiment;
  return { ...experiment, criteria: { ...experiment.criteria, workload: { ...workload, ratePerSecond } } };
}
