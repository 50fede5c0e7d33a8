import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../kit/errors/index.ts';
import { timeoutOf } from './chaos-run.ts';

const args = (timeout?: string) => ({ values: timeout === undefined ? {} : { timeout }, positionals: [] });

test('--timeout: bare seconds as the user’s run-chaos-suite.sh means them, or a duration', () => {
  assert.equal(timeoutOf(args('600')), 600_000, '600 is ten minutes, not 600 ms');
  assert.equal(timeoutOf(args('90s')), 90_000);
  assert.equal(timeoutOf(args()), 15 * 60_000);
  assert.throws(() => timeoutOf(args('soon')), UsageError);
  assert.throws(() => timeoutOf(args('0')), UsageError);
});
