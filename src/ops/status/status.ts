import type { Clock } from '../../kit/time/index.ts';
import { activeAlerts } from './alert-conditions.ts';
import type { AlertRule } from './alert-rules.ts';
import { diagnose } from './diagnose.ts';
import { observe } from './observe.ts';
import type { StatusReport } from './status-report.ts';

/** One full status: observe, evaluate the alert rules' conditions, diagnose. */
export async function collectStatus(options: {
  stateDir: string;
  clock: Clock;
  rules: readonly AlertRule[];
}): Promise<StatusReport> {
  const started = options.clock.now();
  const observations = await observe(options);
  return {
    observations,
    alerts: activeAlerts(observations, options.rules),
    diagnosis: diagnose(observations, options.rules),
    tookMs: options.clock.now() - started,
  };
}
