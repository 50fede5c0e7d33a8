import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announcementOf, newCapsule, normaliseContent } from './capsule.ts';
import type { CapsuleContent } from './schemas.ts';

const content: CapsuleContent = {
  header: {
    scope: { scopeId: 'rim:entity:finance:EURUSD' },
    time: { centerTsUtc: '2024-05-01T14:00:00+02:00', deltaTSeconds: 60, horizonSeconds: 3600 },
    vantage: { mode: 'OBSERVER', observerId: 'perception-api' },
  },
  configuration: { signalType: 'price' },
  dynamics: { payload: { bid: 1.07 } },
};

test('a new capsule has its id, creation time and centerTsUtc in canonical UTC form', () => {
  const capsule = newCapsule(content, 'c1', Date.parse('2024-05-02T00:00:00Z'));
  assert.equal(capsule.capsuleId, 'c1');
  assert.equal(capsule.createdAt, '2024-05-02T00:00:00.000Z');
  assert.equal(capsule.header.time.centerTsUtc, '2024-05-01T12:00:00.000Z');
  assert.deepEqual(capsule.dynamics, content.dynamics);
  // The client's object is not changed.
  assert.equal(content.header.time.centerTsUtc, '2024-05-01T14:00:00+02:00');
});

test('two spellings of the same instant normalise to the same content', () => {
  const utc = {
    ...content,
    header: { ...content.header, time: { ...content.header.time, centerTsUtc: '2024-05-01T12:00:00Z' } },
  };
  assert.deepEqual(normaliseContent(utc), normaliseContent(content));
});

test('the announcement carries what ODYSSEY needs, per the contract', () => {
  const capsule = newCapsule(content, 'c1', Date.parse('2024-05-02T00:00:00Z'));
  assert.deepEqual(announcementOf(capsule), {
    capsuleId: 'c1',
    scopeId: 'rim:entity:finance:EURUSD',
    centerTsUtc: '2024-05-01T12:00:00.000Z',
    createdAt: '2024-05-02T00:00:00.000Z',
    vantageMode: 'OBSERVER',
    observerId: 'perception-api',
  });
});
