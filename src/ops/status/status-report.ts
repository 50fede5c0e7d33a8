import type { ActiveAlert } from './alert-conditions.ts';
import type { Diagnosis } from './diagnose.ts';
import type { Observations } from './observations.ts';

/** One `butterfly status`: what was seen, which alerts' conditions hold, and the diagnosis. */
export interface StatusReport {
  observations: Observations;
  alerts: ActiveAlert[];
  diagnosis: Diagnosis;
  /** How long the observation took. */
  tookMs: number;
}
