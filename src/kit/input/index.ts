export { jsonObject, jsonObjectSchema } from './json-object.ts';
export { finiteNumberSchema, safeIntegerSchema } from './number.ts';
export { textSchema } from './text.ts';
export { TIMESTAMP_PRECISION_DIGITS, TIMESTAMP_RANGE, timestampSchema } from './timestamp.ts';
