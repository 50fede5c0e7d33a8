export type { ConditionNode, Literal, PathRoot } from './ast.ts';
export { PATH_ROOTS } from './ast.ts';
export { conditionHolds, evaluateCondition, type RuleInput, type RuleValue } from './evaluate.ts';
export { MAX_CONDITION_LENGTH, MAX_NESTING_DEPTH } from './limits.ts';
export { parseCondition } from './parse.ts';
export { RuleSyntaxError } from './rule-syntax-error.ts';
