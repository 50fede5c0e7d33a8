import { ButterflyError } from '../../kit/errors/index.ts';

/**
 * An expression status cannot evaluate: outside the subset (docs/alerts.md) or not PromQL at
 * all. It names the rule and the construct, so whoever edits the rules file knows what to change.
 */
export class UnsupportedExpressionError extends ButterflyError {
  constructor(rule: string, construct: string, expression: string) {
    super(
      'BFY_ERR_CONFIG_INVALID',
      `alert rule ${rule}: ${construct} is outside the PromQL subset butterfly status evaluates (expression: ${expression})`,
      { rule, construct, expression },
    );
  }
}
