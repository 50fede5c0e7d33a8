import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { systemClock } from '../../kit/time/index.ts';
import { Supervisor } from './supervisor.ts';
import type { ChildHandle, PodProcessSpec } from './pod-process.ts';

class FakeChild extends EventEmitter implements ChildHandle {
  static nextPid = 1000;
  readonly pid = FakeChild.nextPid++;
  readonly signals: string[] = [];
  /** When false, the fake ignores SIGTERM, like a process stuck draining. */
  exitsOnTerm = true;
  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.exitsOnTerm) queueMicrotask(() => this.emit('exit', null, signal));
    return true;
  }
  crash(code = 1): void {
    this.emit('exit', code, null);
  }
}

const spec = (id: string): PodProcessSpec => ({ id, command: 'x', args: [], env: {}, logFile: '/dev/null' });

function harness() {
  const children: FakeChild[] = [];
  const supervisor = new Supervisor({
    specs: [spec('capsule-service'), spec('odyssey-core')],
    clock: systemClock,
    backoff: { initialMs: 1000, maxMs: 4000, stableAfterMs: 30_000 },
    stopTimeoutMs: 5000,
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
  });
  return { supervisor, children };
}

test('a pod that dies is restarted after a doubling backoff, tracked by its id across PIDs', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const { supervisor, children } = harness();
  supervisor.start();
  const firstPid = supervisor.status()[0]?.pid;
  children[0]!.crash();
  assert.equal(supervisor.status()[0]?.state, 'backoff');
  t.mock.timers.tick(999);
  assert.equal(children.length, 2, 'not restarted before the backoff');
  t.mock.timers.tick(1);
  assert.equal(children.length, 3);
  const restarted = supervisor.status()[0]!;
  assert.equal(restarted.id, 'capsule-service');
  assert.equal(restarted.state, 'running');
  assert.equal(restarted.restarts, 1);
  assert.notEqual(restarted.pid, firstPid);
  children[2]!.crash();
  t.mock.timers.tick(1999);
  assert.equal(children.length, 3, 'second restart waits twice as long');
  t.mock.timers.tick(1);
  assert.equal(children.length, 4);
});

test('shutdown sends SIGTERM, escalates to SIGKILL after the timeout, and resolves stopped', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const { supervisor, children } = harness();
  supervisor.start();
  children[1]!.exitsOnTerm = false;
  const done = supervisor.shutdown();
  await new Promise(setImmediate);
  assert.deepEqual(children[0]!.signals, ['SIGTERM']);
  assert.deepEqual(children[1]!.signals, ['SIGTERM']);
  assert.equal(supervisor.status()[1]?.state, 'stopping');
  t.mock.timers.tick(5000);
  await done;
  await supervisor.stopped;
  assert.deepEqual(children[1]!.signals, ['SIGTERM', 'SIGKILL']);
  assert.deepEqual(
    supervisor.status().map((s) => s.state),
    ['stopped', 'stopped'],
  );
  assert.equal(children.length, 2, 'nothing is restarted during shutdown');
});

test('shutdown cancels a pending restart', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const { supervisor, children } = harness();
  supervisor.start();
  children[0]!.crash();
  await supervisor.shutdown();
  t.mock.timers.tick(10_000);
  assert.equal(children.length, 2);
});

test('a pod a fault holds down is not restarted until it is released', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const held = new Set(['capsule-service']);
  const children: FakeChild[] = [];
  const supervisor = new Supervisor({
    specs: [spec('capsule-service')],
    clock: systemClock,
    backoff: { initialMs: 1000, maxMs: 4000, stableAfterMs: 30_000 },
    holdPollMs: 500,
    isHeld: (id) => held.has(id),
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
  });
  supervisor.start();
  children[0]!.crash();
  t.mock.timers.tick(1000);
  assert.equal(supervisor.status()[0]?.state, 'held');
  t.mock.timers.tick(5000);
  assert.equal(children.length, 1, 'held: no restart');
  held.delete('capsule-service');
  t.mock.timers.tick(500);
  assert.equal(children.length, 2);
  assert.equal(supervisor.status()[0]?.state, 'running');
  assert.equal(supervisor.status()[0]?.restarts, 1);
});
