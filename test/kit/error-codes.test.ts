import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, EXIT_CODES } from '../../src/kit/errors/index.ts';

test('docs/errors.md lists exactly the codes in the table, with the same status, exit code and BFY_ERR_ prefix', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*`([A-Z0-9_]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/gm)].map((m) => ({
    code: m[1]!,
    status: Number(m[2]),
    exit: Number(m[3]),
  }));
  assert.deepEqual(
    rows.map((r) => r.code).sort(),
    Object.keys(ERROR_CODES).sort(),
    'documented codes == defined codes',
  );
  for (const code of [...rows.map((r) => r.code), ...Object.keys(ERROR_CODES)]) {
    assert.match(code, /^BFY_ERR_[A-Z0-9_]+$/, `${code} carries the BFY_ERR_ prefix`);
  }
  for (const row of rows) {
    const defined = ERROR_CODES[row.code as keyof typeof ERROR_CODES];
    assert.equal(row.status, defined.status, `${row.code} status`);
    assert.equal(row.exit, defined.exit, `${row.code} exit`);
  }
});

test("docs/errors.md lists exactly the exit codes that are not an error's, with their numbers", () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.split("## Exit codes that are not an error's")[1]!.split('\n## ')[0]!;
  const rows = [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d+)\s*\|/gm)].map((m) => [
    m[1]!,
    Number(m[2]),
  ]);
  assert.deepEqual(Object.fromEntries(rows), EXIT_CODES);
});
