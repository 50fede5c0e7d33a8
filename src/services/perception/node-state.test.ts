import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterCapsule, afterOutcome, afterSignal, statusOf, type OutcomeSummary } from './node-state.ts';

const outcome = (actionId: string, completedAt: number): OutcomeSummary => ({
  actionId,
  outcomeStatus: 'SUCCESS',
  toolId: 'tool',
  planId: null,
  completedAt,
  receivedAt: completedAt + 5,
});
const signal = (signalId: string, receivedAt: number) => ({
  tenant: 't',
  rimNodeId: 'rim:test:a',
  signalId,
  receivedAt,
});

test('a signal makes a new node OBSERVED with no capsule yet', () => {
  const state = afterSignal(undefined, signal('s1', 1000));
  assert.equal(state.status, 'OBSERVED');
  assert.equal(state.lastSignalAt, 1000);
  assert.equal(state.lastSignalId, 's1');
  assert.equal(state.capsuleId, null);
  assert.equal(state.lastOutcome, null);
});

test('an outcome completed after the latest signal makes the node ACTIVE; a later signal makes it OBSERVED again', () => {
  let state = afterSignal(undefined, signal('s1', 1000));
  state = afterOutcome(state, 't', 'rim:test:a', outcome('a1', 1500));
  assert.equal(state.status, 'ACTIVE');
  assert.equal(state.lastOutcome?.actionId, 'a1');
  state = afterSignal(state, signal('s2', 2000));
  assert.equal(state.status, 'OBSERVED');
  assert.equal(state.lastOutcome?.actionId, 'a1', 'the last outcome is kept');
});

test('a delayed outcome that completed before the latest signal is kept but does not make the node ACTIVE', () => {
  let state = afterSignal(undefined, signal('s1', 1000));
  state = afterSignal(state, signal('s2', 3000));
  state = afterOutcome(state, 't', 'rim:test:a', outcome('late', 2000));
  assert.equal(state.status, 'OBSERVED');
  assert.equal(state.lastOutcome?.actionId, 'late');
});

test('an older outcome never replaces a newer one', () => {
  let state = afterOutcome(undefined, 't', 'rim:test:a', outcome('new', 5000));
  state = afterOutcome(state, 't', 'rim:test:a', outcome('old', 4000));
  assert.equal(state.lastOutcome?.actionId, 'new');
});

test('an outcome for a node never signalled creates it ACTIVE', () => {
  const state = afterOutcome(undefined, 't', 'rim:test:b', outcome('a1', 1000));
  assert.equal(state.rimNodeId, 'rim:test:b');
  assert.equal(state.status, 'ACTIVE');
  assert.equal(state.lastSignalAt, null);
});

test('the latest signal moves forward only', () => {
  let state = afterSignal(undefined, signal('s2', 2000));
  state = afterSignal(state, signal('s1', 1000));
  assert.equal(state.lastSignalId, 's2');
  assert.equal(state.lastSignalAt, 2000);
});

test("the node's capsule is the most recent confirmed signal's, whatever order confirmations arrive in", () => {
  let state = afterSignal(undefined, signal('s1', 1000));
  state = afterSignal(state, signal('s2', 2000));
  state = afterCapsule(state, 'capsule-2', 2000);
  state = afterCapsule(state, 'capsule-1', 1000);
  assert.equal(state.capsuleId, 'capsule-2');
});

test('status: no outcome is OBSERVED; an outcome at the same instant as the signal is not after it', () => {
  assert.equal(statusOf(1000, null), 'OBSERVED');
  assert.equal(statusOf(1000, outcome('a', 1000)), 'OBSERVED');
  assert.equal(statusOf(null, outcome('a', 1000)), 'ACTIVE');
});
