import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { exitCodeOf, UsageError } from '../kit/errors/index.ts';
import { parseCommandArgs } from './command.ts';
import { loadCommand, loadPlanOf } from './load.ts';

const planOf = (...argv: string[]) => loadPlanOf(parseCommandArgs(loadCommand, argv));

function refuses(argv: string[], message: RegExp): void {
  assert.throws(
    () => planOf(...argv),
    (error: unknown) =>
      error instanceof UsageError && exitCodeOf(error.code) === 2 && message.test(error.message),
    argv.join(' '),
  );
}

test('the defaults: 100/s for 60 s, golden=1,write=8,read=4, 4 tenants × 16 scopes', () => {
  const plan = planOf();
  assert.equal(plan.ratePerSecond, 100);
  assert.equal(plan.durationMs, 60_000);
  assert.deepEqual(plan.mix, { golden: 1, write: 8, read: 4 });
  assert.deepEqual([plan.tenants, plan.scopes, plan.timeoutMs], [4, 16, 5000]);
  assert.match(plan.runId, /^load-\d{8}-\d{6}-[0-9a-f]{4}$/);
  assert.ok(Object.isFrozen(plan));
});

test('each flag is read as given', () => {
  const plan = planOf(
    '--rate',
    '12.5',
    '--duration',
    '2m',
    '--mix',
    'write=1',
    '--tenants',
    '2',
    '--scopes',
    '3',
    '--timeout',
    '1500ms',
  );
  assert.deepEqual(
    [plan.ratePerSecond, plan.durationMs, plan.mix, plan.tenants, plan.scopes, plan.timeoutMs],
    [12.5, 120_000, { golden: 0, write: 1, read: 0 }, 2, 3, 1500],
  );
});

test('bad input names the flag and what it accepts (exit 2)', () => {
  refuses(['--rate', 'fast'], /^--rate must be a number from 0\.1 to 20000; got 'fast'$/);
  refuses(['--rate', '0'], /^--rate must be a number/);
  refuses(['--rate=-5'], /^--rate must be a number/);
  refuses(
    ['--duration', '60'.concat('x')],
    /^--duration must be a duration \(milliseconds, or a number with ms, s, m or h/,
  );
  refuses(['--duration', '0s'], /^--duration must be a duration/);
  refuses(['--timeout', 'soon'], /^--timeout must be a duration/);
  refuses(
    ['--mix', 'writes=3'],
    /^--mix: 'writes=3' is not name=weight; accepted: comma-separated name=weight with names golden, write, read/,
  );
  refuses(['--mix', 'write=0'], /^--mix: every weight is 0/);
  refuses(['--tenants', '1.5'], /^--tenants must be a whole number from 1 to 100; got '1\.5'$/);
  refuses(['--scopes', '0'], /^--scopes must be a whole number from 1 to 1000/);
  refuses(['--rate', '0.1', '--duration', '5s'], /^--rate 0\.1 for --duration 5s starts no request$/);
});

test('unknown flags and positionals are usage errors before any plan', () => {
  assert.throws(() => parseCommandArgs(loadCommand, ['--speed', '3']), UsageError);
  assert.throws(() => parseCommandArgs(loadCommand, ['now']), /unexpected argument 'now'/);
});

test('through the command line: exit 2, the reason and the usage on stderr', () => {
  const bin = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));
  const result = spawnSync(process.execPath, [bin, 'load', '--duration', 'forever'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /^butterfly: --duration must be a duration .*; got 'forever'\nUsage: butterfly load \[--rate 100\]/,
  );
});
