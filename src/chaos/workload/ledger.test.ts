import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile, type LedgerEntry } from './ledger.ts';

const entry = (id: string | undefined, key: string): LedgerEntry => ({ id, key, status: 201, at: 0 });

test('every acknowledged write found by id and in scope: nothing lost, doubled or unexpected', () => {
  const result = reconcile([entry('a', 'k1'), entry('b', 'k2')], new Set(['k1', 'k2', 'k3']), {
    byId: new Map([
      ['a', true],
      ['b', true],
    ]),
    scope: [
      { id: 'a', key: 'k1' },
      { id: 'b', key: 'k2' },
      // k3 timed out for the client but landed: at-least-once, not unexpected.
      { id: 'c', key: 'k3' },
    ],
  });
  assert.deepEqual(result, { acknowledged: 2, lost: [], duplicated: [], unexpected: [] });
});

test('missing by id or missing from the scope is lost; an unanswered read counts as not found', () => {
  const result = reconcile(
    [entry('a', 'k1'), entry('b', 'k2'), entry('c', 'k3')],
    new Set(['k1', 'k2', 'k3']),
    {
      byId: new Map([
        ['a', false],
        ['b', true],
      ]),
      scope: [
        { id: 'a', key: 'k1' },
        { id: 'c', key: 'k3' },
      ],
    },
  );
  assert.deepEqual(result.lost, ['a', 'b', 'c']);
});

test('an acknowledged write without an id is matched by its key in the scope', () => {
  const scope = [{ id: 'x', key: 'k1' }];
  assert.deepEqual(reconcile([entry(undefined, 'k1')], new Set(['k1']), { byId: new Map(), scope }).lost, []);
  assert.deepEqual(reconcile([entry(undefined, 'k2')], new Set(['k2']), { byId: new Map(), scope }).lost, [
    'key k2',
  ]);
});

test('one key under two ids, one id listed twice, and records with foreign or no keys are reported', () => {
  const result = reconcile([entry('a', 'k1')], new Set(['k1']), {
    byId: new Map([['a', true]]),
    scope: [
      { id: 'a', key: 'k1' },
      { id: 'a2', key: 'k1' },
      { id: 'b', key: 'k9' },
      { id: 'b', key: 'k9' },
      { id: 'n', key: undefined },
    ],
  });
  assert.deepEqual(result.duplicated, ['key k1', 'id b']);
  assert.deepEqual(result.unexpected, ['b', 'b', 'n']);
});
