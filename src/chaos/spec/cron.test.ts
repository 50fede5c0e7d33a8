import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cronProblem } from './cron.ts';

test('five-field crons, names, ranges, steps and descriptors are accepted', () => {
  for (const good of [
    '* * * * *',
    '*/5 * * * *',
    '0 2 * * 1-5',
    '15,45 */2 1 JAN-MAR MON',
    '0 0 ? * SUN',
    '@hourly',
    '@every 1h30m',
  ])
    assert.equal(cronProblem(good), undefined, good);
});

test('each bad cron names its problem', () => {
  assert.match(cronProblem('* * * *')!, /has 4 fields, expected 5/);
  assert.match(cronProblem('60 * * * *')!, /minute '60' is outside 0-59/);
  assert.match(cronProblem('* 24 * * *')!, /hour '24'/);
  assert.match(cronProblem('* * 0 * *')!, /day of month '0' is outside 1-31/);
  assert.match(cronProblem('* * * 13 *')!, /month/);
  assert.match(cronProblem('* * * * 5-2')!, /day of week '5-2'/);
  assert.match(cronProblem('*/0 * * * *')!, /step '0'/);
  assert.match(cronProblem('? * * * *')!, /minute '\?'/);
  assert.match(cronProblem('@often')!, /unknown descriptor/);
  assert.match(cronProblem('@every soon')!, /@every needs a positive Go duration/);
});
