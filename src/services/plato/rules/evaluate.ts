import type { CompareOperator, ConditionNode, Literal, PathNode, PathRoot } from './ast.ts';

/** A value during evaluation: JSON data only. */
export type RuleValue = Literal | readonly RuleValue[] | { readonly [key: string]: RuleValue };

/** What a condition is evaluated against: the evaluation input, by path root. */
export type RuleInput = Readonly<Record<PathRoot, unknown>>;

/**
 * Evaluates a parsed condition against an input. Never throws and never calls into the input:
 * paths read own properties of plain data only, a missing path is null, and comparisons between
 * values of different types are false.
 */
export function evaluateCondition(node: ConditionNode, input: RuleInput): RuleValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path':
      return lookup(node, input);
    case 'not':
      return evaluateCondition(node.operand, input) !== true;
    case 'and':
      return node.operands.every((operand) => evaluateCondition(operand, input) === true);
    case 'or':
      return node.operands.some((operand) => evaluateCondition(operand, input) === true);
    case 'in': {
      const value = evaluateCondition(node.operand, input);
      return isLiteral(value) && node.items.includes(value);
    }
    case 'compare':
      return compare(
        node.operator,
        evaluateCondition(node.left, input),
        evaluateCondition(node.right, input),
      );
  }
}

/** True when the condition holds: it evaluates to exactly `true` (anything else does not trigger). */
export function conditionHolds(node: ConditionNode, input: RuleInput): boolean {
  return evaluateCondition(node, input) === true;
}

function lookup(node: PathNode, input: RuleInput): RuleValue {
  let current: unknown = Object.hasOwn(input, node.root) ? input[node.root] : null;
  for (const segment of node.segments) {
    if (!isPlainRecord(current) || !Object.hasOwn(current, segment)) return null;
    current = current[segment];
  }
  return toRuleValue(current);
}

function compare(operator: CompareOperator, left: RuleValue, right: RuleValue): boolean {
  switch (operator) {
    case '==':
      return isLiteral(left) && isLiteral(right) && left === right;
    case '!=':
      return !(isLiteral(left) && isLiteral(right) && left === right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return ordered(operator, left, right);
    case 'contains':
      if (typeof left === 'string') return typeof right === 'string' && left.includes(right);
      return Array.isArray(left) && isLiteral(right) && left.includes(right);
    case 'startsWith':
      return typeof left === 'string' && typeof right === 'string' && left.startsWith(right);
  }
}

function ordered(operator: '<' | '<=' | '>' | '>=', left: RuleValue, right: RuleValue): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

function isLiteral(value: RuleValue): value is Literal {
  return value === null || typeof value !== 'object';
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Keeps only JSON data; functions, symbols, bigints and the like read as null. */
function toRuleValue(value: unknown): RuleValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value) || isPlainRecord(value)) return value as RuleValue;
  return null;
}
