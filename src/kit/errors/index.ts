export * from './butterfly-error.ts';
export { ERROR_CODES, EXIT_CODES, exitCodeOf, httpStatusOf, type ErrorCode } from './codes.ts';
