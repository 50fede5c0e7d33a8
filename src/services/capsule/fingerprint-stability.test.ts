import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from '../../kit/json/index.ts';

// The two copies canonicalJson replaced (CAPSULE's and SYNAPSE's request fingerprints), frozen
// here so the test proves fingerprints already stored keep matching: for any JSON body all three
// produce the same text.
function capsuleCopy(value: unknown): string {
  const sortKeys = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeys);
    if (item === null || typeof item !== 'object') return item;
    const entries = Object.entries(item as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => [key, sortKeys(member)] as const);
    return Object.fromEntries(entries);
  };
  return JSON.stringify(sortKeys(value));
}

function synapseCopy(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  });
}

test('fingerprints of stored requests do not change: the shared canonicalJson equals both former copies on JSON', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value);
      assert.equal(capsuleCopy(value), text);
      assert.equal(synapseCopy(value), text);
    }),
    { numRuns: 500 },
  );
});
