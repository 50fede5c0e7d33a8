import type { RuleAction } from '../policies/policy.ts';

/** The outcome of a governance evaluation. */
export type Decision = RuleAction;

/** A rule that triggered in an evaluation. */
export interface TriggeredPolicy {
  policyId: string;
  name: string;
  ruleId: string;
  action: RuleAction;
}

/** Combines triggered rules: any DENY wins, then any REQUIRE_APPROVAL; nothing (or only APPROVE) approves. */
export function combineDecisions(triggered: readonly Pick<TriggeredPolicy, 'action'>[]): Decision {
  if (triggered.some((rule) => rule.action === 'DENY')) return 'DENY';
  if (triggered.some((rule) => rule.action === 'REQUIRE_APPROVAL')) return 'REQUIRE_APPROVAL';
  return 'APPROVE';
}
