import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNodes } from './node-agreement.ts';
import { digestOf, type NodeCensus } from './node-census.ts';

const node = (name: string, ids: string[], byId = ids.length): NodeCensus => ({
  node: name,
  reachable: true,
  capsulesById: byId,
  scopes: [{ tenant: 't', scopeId: 'rim:test:a', count: ids.length, digest: digestOf(ids) }],
});

test('the digest ignores read order and tells sets apart', () => {
  assert.equal(digestOf(['b', 'a']), digestOf(['a', 'b']));
  assert.notEqual(digestOf(['a', 'b']), digestOf(['a', 'c']));
});

test('three nodes holding the same rows agree', () => {
  const agreement = compareNodes(
    ['cassandra-0', 'cassandra-1', 'cassandra-2'].map((n) => node(n, ['x', 'y'])),
  );
  assert.deepEqual(agreement, { consistent: true, unreachable: [], disagreements: [], scopesCompared: 1 });
});

test('a node that missed a write: its table count and the scope both disagree, per node', () => {
  const agreement = compareNodes([
    node('cassandra-0', ['x', 'y']),
    node('cassandra-1', ['x', 'y']),
    node('cassandra-2', ['x']),
  ]);
  assert.equal(agreement.consistent, false);
  assert.deepEqual(
    agreement.disagreements.map((d) => d.what),
    ['capsules_by_id', 'scope rim:test:a (tenant t)'],
  );
  assert.equal(agreement.disagreements[0]!.byNode['cassandra-2'], '1');
});

test('the same count with different ids is caught by the digest', () => {
  const agreement = compareNodes([node('cassandra-0', ['x', 'y']), node('cassandra-1', ['x', 'z'])]);
  assert.equal(agreement.consistent, false);
  assert.equal(agreement.disagreements.length, 1);
});

test('a scope one node lacks entirely disagrees; an unreachable node makes it inconsistent', () => {
  const bare: NodeCensus = { node: 'cassandra-1', reachable: true, capsulesById: 2, scopes: [] };
  assert.equal(
    compareNodes([node('cassandra-0', ['x', 'y']), bare]).disagreements[0]!.byNode['cassandra-1'],
    '0',
  );
  const gone = compareNodes([
    node('cassandra-0', ['x']),
    { node: 'cassandra-2', reachable: false, error: 'refused' },
  ]);
  assert.equal(gone.consistent, false);
  assert.deepEqual(gone.unreachable, [{ node: 'cassandra-2', error: 'refused' }]);
  assert.deepEqual(gone.disagreements, []);
});
