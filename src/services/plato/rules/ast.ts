/**
 * The syntax tree of a policy condition. Every node carries the 0-based character offset it
 * starts at, so errors found after parsing can still point into the source text.
 */

/** A literal value: what a condition can write down and compare against. */
export type Literal = string | number | boolean | null;

/** The top-level names a path may start with: the parts of an evaluation input. */
export const PATH_ROOTS = ['action', 'context', 'rimNodeId'] as const;

/** One of the path roots. */
export type PathRoot = (typeof PATH_ROOTS)[number];

/** Binary comparisons between two operands. */
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'startsWith';

/** A literal in the source. */
export interface LiteralNode {
  kind: 'literal';
  value: Literal;
  position: number;
}

/** A path into the evaluation input, e.g. `action.parameters.amount`. */
export interface PathNode {
  kind: 'path';
  root: PathRoot;
  segments: readonly string[];
  position: number;
}

/** `!operand`. */
export interface NotNode {
  kind: 'not';
  operand: ConditionNode;
  position: number;
}

/** `a && b && …` or `a || b || …`; n-ary so long chains stay shallow. */
export interface LogicalNode {
  kind: 'and' | 'or';
  operands: readonly ConditionNode[];
  position: number;
}

/** `left <operator> right`. */
export interface CompareNode {
  kind: 'compare';
  operator: CompareOperator;
  left: ConditionNode;
  right: ConditionNode;
  position: number;
}

/** `operand in [literal, …]`. */
export interface InNode {
  kind: 'in';
  operand: ConditionNode;
  items: readonly Literal[];
  position: number;
}

/** Any node of a parsed condition. */
export type ConditionNode = LiteralNode | PathNode | NotNode | LogicalNode | CompareNode | InNode;
