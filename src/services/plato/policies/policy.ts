import type { FieldIssue } from '../../../kit/errors/index.ts';
import { parseCondition, RuleSyntaxError, type ConditionNode } from '../rules/index.ts';
import { compileScope, type PolicyScope, type ScopeTarget } from './policy-scope.ts';

/** What a triggered rule asks for. */
export const RULE_ACTIONS = ['APPROVE', 'DENY', 'REQUIRE_APPROVAL'] as const;

/** One of the rule actions. */
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** One rule of a policy: when `condition` holds, the policy asks for `action`. */
export interface PolicyRule {
  ruleId: string;
  condition: string;
  action: RuleAction;
}

/** A stored governance policy. */
export interface Policy {
  id: string;
  namespace: string;
  name: string;
  policyType: string;
  rules: PolicyRule[];
  scope: PolicyScope;
  createdAt: string;
}

/** A rule with its condition parsed, ready to evaluate. */
export interface CompiledRule extends PolicyRule {
  node: ConditionNode;
}

/** A policy ready to evaluate: parsed rules and a scope test. */
export interface CompiledPolicy {
  policy: Policy;
  rules: readonly CompiledRule[];
  appliesTo: (target: ScopeTarget) => boolean;
  /** Rules whose stored condition no longer parses; they never trigger. */
  invalidRules: readonly { ruleId: string; message: string }[];
}

/** The 400 issues of a policy's rules: unparsable conditions (with position) and repeated rule ids. */
export function ruleIssues(rules: readonly PolicyRule[]): (FieldIssue & { position?: number })[] {
  const issues: (FieldIssue & { position?: number })[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    if (seen.has(rule.ruleId)) {
      issues.push({
        field: `body.rules.${index}.ruleId`,
        message: `rule id '${rule.ruleId}' is used twice in this policy`,
      });
    }
    seen.add(rule.ruleId);
    try {
      parseCondition(rule.condition);
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      issues.push({
        field: `body.rules.${index}.condition`,
        message: `at position ${error.position}: ${error.message}`,
        position: error.position,
      });
    }
  });
  return issues;
}

/** Parses a stored policy's rules and scope; a rule that no longer parses is set aside, not fatal. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const rules: CompiledRule[] = [];
  const invalidRules: { ruleId: string; message: string }[] = [];
  for (const rule of policy.rules) {
    try {
      rules.push({ ...rule, node: parseCondition(rule.condition) });
    } catch (error) {
      invalidRules.push({
        ruleId: rule.ruleId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { policy, rules, appliesTo: compileScope(policy.scope), invalidRules };
}
