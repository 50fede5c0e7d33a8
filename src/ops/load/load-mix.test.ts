import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixPicker, parseMix } from './load-mix.ts';

test('a mix parses by name; a name left out weighs 0', () => {
  assert.deepEqual(parseMix('golden=1,write=8,read=4'), { golden: 1, write: 8, read: 4 });
  assert.deepEqual(parseMix('write=1'), { golden: 0, write: 1, read: 0 });
});

test('a bad mix says what is wrong', () => {
  assert.deepEqual(parseMix('writes=1'), { invalid: "'writes=1' is not name=weight" });
  assert.deepEqual(parseMix('write=1.5'), { invalid: 'the weight of write must be a whole number' });
  assert.deepEqual(parseMix('write=0,read=0'), { invalid: 'every weight is 0' });
  assert.deepEqual(parseMix('write'), { invalid: 'the weight of write must be a whole number' });
  assert.deepEqual(parseMix('write=1=2'), { invalid: "'write=1=2' is not name=weight" });
});

test('the picker spreads operations evenly in the proportions of the mix', () => {
  const pick = mixPicker({ golden: 1, write: 8, read: 4 });
  for (let window = 0; window < 5; window += 1) {
    const picks = Array.from({ length: 13 }, pick);
    assert.equal(picks.filter((name) => name === 'golden').length, 1);
    assert.equal(picks.filter((name) => name === 'write').length, 8);
    assert.equal(picks.filter((name) => name === 'read').length, 4);
    assert.ok(!picks.join(',').includes('write,write,write'), picks.join(','));
  }
  const writesOnly = mixPicker({ golden: 0, write: 3, read: 0 });
  assert.deepEqual(Array.from({ length: 4 }, writesOnly), ['write', 'write', 'write', 'write']);
});
