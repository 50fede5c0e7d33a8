import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../kit/errors/index.ts';
import type { StepSpec } from './plan.ts';
import { checkPlanGraph, executionOrder } from './plan-graph.ts';

const step = (
  name: string,
  dependsOn: string[] = [],
  type: StepSpec['action']['type'] = 'RECORD',
  toolId?: string,
): StepSpec => ({
  name,
  action: { type, ...(toolId ? { toolId } : {}) },
  dependsOn,
});

function issuesOf(steps: StepSpec[]): { field: string; message: string }[] {
  try {
    checkPlanGraph(steps);
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return [...error.issues];
  }
  return [];
}

test('a valid DAG passes', () => {
  assert.deepEqual(
    issuesOf([step('a'), step('b', ['a']), step('c', ['a', 'b'], 'EXECUTE', 'noop.echo')]),
    [],
  );
});

test('repeated step names are named by position', () => {
  assert.deepEqual(issuesOf([step('a'), step('b'), step('a')]), [
    { field: 'body.steps.2.name', message: "step name 'a' is used twice" },
  ]);
});

test('unknown dependencies are named by step and position in dependsOn', () => {
  assert.deepEqual(issuesOf([step('a'), step('b', ['a', 'ghost'])]), [
    { field: 'body.steps.1.dependsOn.1', message: "unknown step 'ghost'" },
  ]);
});

test('EXECUTE steps need a toolId', () => {
  assert.deepEqual(
    issuesOf([step('a', [], 'EXECUTE')]).map((i) => i.field),
    ['body.steps.0.action.toolId'],
  );
  assert.deepEqual(issuesOf([step('a', [], 'VALIDATE')]), []);
});

test('cycles are refused with the path, including self-dependencies and long loops', () => {
  const [two] = issuesOf([step('a', ['b']), step('b', ['a'])]);
  assert.equal(two?.field, 'body.steps.1.dependsOn');
  assert.match(two?.message ?? '', /cycle: a -> b -> a/);
  const [self] = issuesOf([step('x'), step('a', ['a'])]);
  assert.equal(self?.field, 'body.steps.1.dependsOn');
  assert.match(self?.message ?? '', /cycle: a -> a/);
  const [long] = issuesOf([step('root'), step('a', ['root', 'c']), step('b', ['a']), step('c', ['b'])]);
  assert.match(long?.message ?? '', /cycle: a -> c -> b -> a/);
});

test('all problems are reported together', () => {
  const fields = issuesOf([step('a', ['nope'], 'EXECUTE'), step('a')]).map((i) => i.field);
  assert.deepEqual(fields.sort(), [
    'body.steps.0.action.toolId',
    'body.steps.0.dependsOn.0',
    'body.steps.1.name',
  ]);
});

test('execution order puts dependencies first and otherwise keeps the submitted order', () => {
  const order = executionOrder([
    step('report', ['trade', 'check']),
    step('trade', ['check']),
    step('check'),
    step('note'),
  ]);
  assert.deepEqual(
    order.map((s) => s.name),
    ['check', 'trade', 'report', 'note'],
  );
  assert.deepEqual(
    executionOrder([step('a'), step('b'), step('c')]).map((s) => s.name),
    ['a', 'b', 'c'],
  );
});
