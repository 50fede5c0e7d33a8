import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** The shipped rules file: the alert names, severities and `for` durations status reports. */
export const RULES_FILE = new URL('../../../monitoring/alerts/butterfly.rules.yml', import.meta.url);

/** What status needs of one alert rule. */
export interface AlertRule {
  alert: string;
  severity: string;
  for: string;
  scenario: string;
  runbookUrl: string;
}

const RULES = z.object({
  groups: z.array(
    z.object({
      rules: z.array(
        z.object({
          alert: z.string(),
          for: z.string().default('0s'),
          labels: z.record(z.string(), z.string()).default({}),
          annotations: z.record(z.string(), z.string()).default({}),
        }),
      ),
    }),
  ),
});

/** Parses a rules file's text into the rules status evaluates. */
export function parseAlertRules(text: string): AlertRule[] {
  return RULES.parse(parse(text)).groups.flatMap((group) =>
    group.rules.map((rule) => ({
      alert: rule.alert,
      severity: rule.labels.severity ?? 'warning',
      for: rule.for,
      scenario: rule.labels.scenario ?? '',
      runbookUrl: rule.annotations.runbook_url ?? '',
    })),
  );
}

/** The rules of monitoring/alerts/butterfly.rules.yml. */
export function loadAlertRules(): AlertRule[] {
  return parseAlertRules(readFileSync(RULES_FILE, 'utf8'));
}
