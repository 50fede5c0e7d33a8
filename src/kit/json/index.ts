export { canonicalJson } from './canonical-json.ts';
export { JsonInputError, type JsonInputReason } from './json-input-error.ts';
export {
  JSON_LIMITS,
  MAX_JSON_INTEGER,
  keyProblem,
  numberProblem,
  textProblem,
  type JsonLimits,
  type JsonProblem,
} from './json-limits.ts';
export { fieldOf, type JsonPathSegment } from './json-path.ts';
export { jsonValueIssue, type JsonValueIssue } from './json-value-check.ts';
export { parseStrictJson, type StrictJsonOptions } from './strict-json.ts';
