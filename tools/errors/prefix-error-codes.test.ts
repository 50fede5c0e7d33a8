import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefixCodes, unprefixedCodes } from './prefix-error-codes.ts';

test('only the codes without the prefix are renamed, so the script can run again', () => {
  const table =
    'export const ERROR_CODES = {\n  BFY_ERR_NOT_FOUND: { status: 404 },\n  METHOD_NOT_ALLOWED: {\n';
  assert.deepEqual(unprefixedCodes(table), ['METHOD_NOT_ALLOWED']);
  assert.deepEqual(unprefixedCodes(`${table}};\nexport const EXIT_CODES = {\n  OK: 0,\n`), [
    'METHOD_NOT_ALLOWED',
  ]);
});

test('whole words are prefixed; longer words and prefixed codes are left alone', () => {
  const text = "code: 'NOT_FOUND' // 404 NOT_FOUND, not ROUTE_NOT_FOUND_X nor BFY_ERR_NOT_FOUND";
  assert.equal(
    prefixCodes('src/a.ts', text, ['NOT_FOUND']),
    "code: 'BFY_ERR_NOT_FOUND' // 404 BFY_ERR_NOT_FOUND, not ROUTE_NOT_FOUND_X nor BFY_ERR_NOT_FOUND",
  );
});

test("NEXUS's per-source status NOT_FOUND is not an error code and keeps its name", () => {
  const text = "status: z.enum(['UP', 'UNAVAILABLE', 'NOT_FOUND']),\ncode === 'NOT_FOUND'";
  assert.equal(
    prefixCodes('src/services/nexus/schemas.ts', text, ['NOT_FOUND']),
    "status: z.enum(['UP', 'UNAVAILABLE', 'NOT_FOUND']),\ncode === 'BFY_ERR_NOT_FOUND'",
  );
});
