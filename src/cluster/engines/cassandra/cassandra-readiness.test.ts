import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodesBehind } from './cassandra-readiness.ts';

const view = (name: string, own: string, ...peers: string[]) => ({ name, schemaVersions: [own, ...peers] });

test('the nodes behind are those whose own schema version is not the majority one', () => {
  const nodes = [
    view('cassandra-0', 'new', 'old', 'new'),
    view('cassandra-1', 'old', 'new', 'new'),
    view('cassandra-2', 'new', 'new', 'old'),
  ];
  assert.deepEqual(
    nodesBehind(nodes).map((node) => node.name),
    ['cassandra-1'],
  );
});

test('nobody is behind when every node holds the same version', () => {
  assert.deepEqual(nodesBehind([view('a', 'v'), view('b', 'v'), view('c', 'v')]), []);
});
