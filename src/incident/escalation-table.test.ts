import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escalationAt, nextEscalation } from './escalation-table.ts';

const MIN = 60_000;

test("the runbook's table: 0-15 on-call, 15-30 database team, 30+ incident commander, 1 h review", () => {
  assert.equal(escalationAt(0).level, 'on-call');
  assert.equal(escalationAt(15 * MIN - 1).level, 'on-call');
  assert.equal(escalationAt(15 * MIN).level, 'database-team');
  assert.equal(escalationAt(30 * MIN).level, 'incident-commander');
  assert.match(escalationAt(45 * MIN).action, /DR failover/);
  assert.equal(escalationAt(60 * MIN).level, 'post-incident-review');
  assert.equal(nextEscalation(0)?.level, 'database-team');
  assert.equal(nextEscalation(59 * MIN)?.level, 'post-incident-review');
  assert.equal(nextEscalation(60 * MIN), undefined);
});
