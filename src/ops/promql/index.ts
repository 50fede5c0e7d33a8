export { EvaluationError, evaluate, selectorsOf, type Value } from './evaluate.ts';
export type * from './expression.ts';
export { parseExpression } from './parse-expression.ts';
export { UnsupportedExpressionError } from './unsupported-expression.ts';
