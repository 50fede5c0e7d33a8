import type { Clock } from '../../../kit/time/index.ts';
import { conditionHolds } from '../rules/index.ts';
import type { PolicySnapshot, PolicySource } from '../policies/policy-cache.ts';
import { combineDecisions, type Decision, type TriggeredPolicy } from './decision.ts';

/** What is being evaluated: the node, the action and the caller's context. */
export interface EvaluationInput {
  rimNodeId: string | null;
  action: { type: string; toolId?: string | undefined; parameters: Record<string, unknown> };
  context: Record<string, unknown>;
}

/** A governance decision and why it was taken. */
export interface Evaluation {
  decision: Decision;
  triggeredPolicies: TriggeredPolicy[];
  policySource: PolicySource;
  /** Present when the policies came from a stale copy: how old it is. */
  cacheAgeSeconds?: number;
  evaluatedAt: string;
}

/** Where the evaluator gets a tenant's policies (the PolicyCache). */
export interface PolicySupply {
  policiesFor(tenant: string): Promise<PolicySnapshot>;
}

/** Anything that can evaluate: the evaluator here, or a fake in tests. */
export interface Governance {
  evaluate(tenant: string, input: EvaluationInput): Promise<Evaluation>;
}

/**
 * Evaluates an action against the tenant's policies: each policy whose scope covers the input
 * contributes every rule whose condition holds; the triggered actions combine into a decision.
 */
export class GovernanceEvaluator implements Governance {
  readonly #policies: PolicySupply;
  readonly #clock: Clock;

  constructor(policies: PolicySupply, clock: Clock) {
    this.#policies = policies;
    this.#clock = clock;
  }

  async evaluate(tenant: string, input: EvaluationInput): Promise<Evaluation> {
    const snapshot = await this.#policies.policiesFor(tenant);
    const target = { rimNodeId: input.rimNodeId, actionType: input.action.type };
    const ruleInput = { rimNodeId: input.rimNodeId, action: input.action, context: input.context };
    const triggeredPolicies: TriggeredPolicy[] = [];
    for (const { policy, rules, appliesTo } of snapshot.policies) {
      if (!appliesTo(target)) continue;
      for (const rule of rules) {
        if (conditionHolds(rule.node, ruleInput)) {
          triggeredPolicies.push({
            policyId: policy.id,
            name: policy.name,
            ruleId: rule.ruleId,
            action: rule.action,
          });
        }
      }
    }
    return {
      decision: combineDecisions(triggeredPolicies),
      triggeredPolicies,
      policySource: snapshot.source,
      ...(snapshot.source === 'CACHE' ? { cacheAgeSeconds: Math.floor(snapshot.ageMs / 1000) } : {}),
      evaluatedAt: new Date(this.#clock.now()).toISOString(),
    };
  }
}
