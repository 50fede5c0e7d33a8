import type { MetricName } from './metric-catalog.ts';

/** One value of one series. */
export interface Sample {
  name: MetricName;
  labels: Readonly<Record<string, string>>;
  value: number;
}
