import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Step } from '../spec/index.ts';
import { verificationTree } from './verification-tree.ts';

const source = { file: 'x.yaml', line: 1 };
const task = (name: string): Step => ({ type: 'Task', name, command: ['true'], source });
const selector = { namespaces: [], labelSelectors: {}, fieldSelectors: {}, pods: {}, mode: 'all' as const };

test('keeps the checks outside the fault, drops the fault, its Parallel siblings and Suspends', () => {
  const root: Step = {
    type: 'Serial',
    name: 'root',
    source,
    children: [
      task('seed'),
      {
        type: 'Parallel',
        name: 'under-fault',
        source,
        children: [
          {
            type: 'Fault',
            name: 'cut',
            source,
            fault: { kind: 'NetworkChaos', action: 'partition', direction: 'both', selector },
          },
          task('verify-degraded'),
        ],
      },
      { type: 'Suspend', name: 'settle', deadlineMs: 5000, source },
      task('verify-consistency'),
    ],
  };
  const kept = verificationTree(root);
  assert.ok(kept && kept.type === 'Serial');
  assert.deepEqual(
    kept.children.map((child) => child.name),
    ['seed', 'verify-consistency'],
  );
});

test('a plain fault leaves nothing to verify by steps', () => {
  assert.equal(
    verificationTree({
      type: 'Fault',
      name: 'kill',
      source,
      fault: { kind: 'PodChaos', action: 'pod-kill', selector },
    }),
    undefined,
  );
});
