import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coherenceScore, type CoherenceInputs, type HistoryFacts } from './coherence.ts';

const history = (ids: string[], overrides: Partial<HistoryFacts> = {}): HistoryFacts => ({
  from: 1000,
  to: 9000,
  count: ids.length,
  capsuleIds: ids,
  complete: true,
  ...overrides,
});

const consistent: CoherenceInputs = {
  sourcesAnswered: 4,
  sourcesTotal: 4,
  history: history(['c1', 'c2']),
  entity: { observationCount: 2, firstObservedAt: 2000, lastObservedAt: 3000, latestCapsuleId: 'c2' },
  perception: { capsuleId: 'c2', lastSignalAt: 3000 },
};

test('all sources answering and agreeing is 1', () => {
  assert.equal(coherenceScore(consistent), 1);
});

test('each unavailable source takes its share', () => {
  assert.equal(coherenceScore({ ...consistent, sourcesAnswered: 3, perception: undefined }), 0.75);
  assert.equal(
    coherenceScore({
      sourcesAnswered: 0,
      sourcesTotal: 4,
      history: undefined,
      entity: undefined,
      perception: undefined,
    }),
    0,
  );
});

test('ODYSSEY behind CAPSULE lowers agreement by the count ratio', () => {
  const score = coherenceScore({
    ...consistent,
    history: history(['c1', 'c2', 'c3', 'c4']),
    entity: { observationCount: 2, firstObservedAt: 2000, lastObservedAt: 3000, latestCapsuleId: 'c2' },
    perception: { capsuleId: 'c4', lastSignalAt: 4000 },
  });
  // counts 2/4 = 0.5; references c4 and c2 both found: (0.5 + 1 + 1) / 3
  assert.equal(score, 0.833);
});

test('the count check is skipped when the window does not cover all ODYSSEY observed', () => {
  const score = coherenceScore({
    ...consistent,
    history: history(['c2']),
    entity: { observationCount: 5, firstObservedAt: 10, lastObservedAt: 3000, latestCapsuleId: 'c2' },
  });
  assert.equal(score, 1);
});

test('ODYSSEY not knowing an entity CAPSULE has history for is a disagreement', () => {
  assert.equal(coherenceScore({ ...consistent, entity: null }), 0.5); // counts 0/2, perception's capsule found
});

test("PERCEPTION's capsule missing from a complete history is a disagreement; from a truncated page it is skipped", () => {
  const missing = { ...consistent, perception: { capsuleId: 'elsewhere', lastSignalAt: 3000 } };
  assert.equal(coherenceScore(missing), 0.667); // counts 1, odyssey ref 1, perception ref 0
  assert.equal(
    coherenceScore({ ...missing, history: history(['c1', 'c2'], { count: 300, complete: false }) }),
    0.503,
  );
  // counts 2/300, odyssey ref found, perception ref skipped: (0.0067 + 1) / 2
});

test('references outside the window are not checked', () => {
  const old = { ...consistent, perception: { capsuleId: 'ancient', lastSignalAt: 500 } };
  assert.equal(coherenceScore(old), 1);
});

test('an entity nobody knows is coherent: every source agrees there is nothing', () => {
  assert.equal(
    coherenceScore({
      sourcesAnswered: 4,
      sourcesTotal: 4,
      history: history([]),
      entity: null,
      perception: null,
    }),
    1,
  );
});
