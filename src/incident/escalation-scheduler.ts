import type { Clock } from '../kit/time/index.ts';
import type { EscalationOutcome, IncidentClock } from './incident-clock.ts';

/** Options of the escalation scheduler. */
export interface EscalationSchedulerOptions {
  clock: Clock;
  signal: AbortSignal;
  /**
   * How often to look again between levels: notices a resolution or note made by another
   * process, and retries a failed delivery. Default 30 s.
   */
  pollMs?: number;
  /** Told after every look, with what was notified (often nothing). */
  onTick?(outcomes: EscalationOutcome[]): void;
}

/**
 * Keeps an incident's escalations on time while a process runs (`incident status --watch`):
 * catches up now, then sleeps until the next level or the next poll, whichever is sooner, until
 * the incident is resolved or `signal` aborts.
 */
export async function runEscalationScheduler(
  incident: IncidentClock,
  options: EscalationSchedulerOptions,
): Promise<void> {
  const pollMs = options.pollMs ?? 30_000;
  while (!options.signal.aborted) {
    const outcomes = await incident.catchUp();
    options.onTick?.(outcomes);
    const view = incident.view();
    if (!view.open) return;
    const waitMs = Math.min(pollMs, view.next?.inMs ?? pollMs);
    try {
      await options.clock.sleep(Math.max(1, waitMs), options.signal);
    } catch {
      return;
    }
  }
}
