export * from './butterfly-error.ts';
export { ERROR_CODES, exitCodeOf, httpStatusOf, type ErrorCode } from './codes.ts';
