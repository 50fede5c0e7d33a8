import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseExpression, UnsupportedExpressionError, type Expression } from '../promql/index.ts';

/** The shipped rules file: the one home of every alert's expression, threshold, severity and `for`. */
export const RULES_FILE = fileURLToPath(
  new URL('../../../monitoring/alerts/butterfly.rules.yml', import.meta.url),
);

/** One alert rule as status evaluates it. */
export interface AlertRule {
  alert: string;
  /** The rule's PromQL, as written in the file. */
  expr: string;
  /** The same, parsed into the subset status evaluates. */
  expression: Expression;
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
          expr: z.string(),
          for: z.string().default('0s'),
          labels: z.record(z.string(), z.string()).default({}),
          annotations: z.record(z.string(), z.string()).default({}),
        }),
      ),
    }),
  ),
});

/** Parses a rules file's text into the rules status evaluates; refuses PromQL outside the subset. */
export function parseAlertRules(text: string): AlertRule[] {
  return RULES.parse(parse(text)).groups.flatMap((group) =>
    group.rules.map((rule) => {
      const expression = parseExpression(rule.alert, rule.expr);
      // An alert needs a vector; a bare number would be "always" or "never" without labels.
      if (expression.kind === 'number')
        throw new UnsupportedExpressionError(rule.alert, 'a number as the whole expression', rule.expr);
      return {
        alert: rule.alert,
        expr: rule.expr,
        expression,
        severity: rule.labels.severity ?? 'warning',
        for: rule.for,
        scenario: rule.labels.scenario ?? '',
        runbookUrl: rule.annotations.runbook_url ?? '',
      };
    }),
  );
}

/** The rules of a rules file (monitoring/alerts/butterfly.rules.yml unless told otherwise). */
export function loadAlertRules(file: string = RULES_FILE): AlertRule[] {
  return parseAlertRules(readFileSync(file, 'utf8'));
}

let shipped: AlertRule[] | undefined;

/** The shipped rules, read once per process. */
export function shippedAlertRules(): AlertRule[] {
  shipped ??= loadAlertRules();
  return shipped;
}
