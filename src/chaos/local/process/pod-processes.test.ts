import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessInfo } from './process-table.ts';
import { podProcesses } from './pod-processes.ts';

const proc = (pid: number, ppid: number, pgid: number, uid = 0): ProcessInfo => ({
  pid,
  ppid,
  pgid,
  uid,
  startTicks: String(pid),
  state: 'S',
  cmdline: `p${pid}`,
});

// 100 the supervisor; 200 a service pod with a worker in its group and a grandchild that left it;
// 300 an engine pod (Patroni, uid 2120) whose postmaster 400 runs in a session of its own, reparented to 1.
const table = [
  proc(1, 0, 1),
  proc(100, 1, 100),
  proc(200, 100, 200),
  proc(201, 200, 200),
  proc(202, 201, 202),
  proc(300, 100, 300, 2120),
  proc(400, 1, 400, 2120),
  proc(401, 400, 400, 2120),
  proc(500, 100, 500, 2121),
];

test('a service pod is its process, its group and every descendant', () => {
  assert.deepEqual(
    podProcesses({ pid: 200 }, table).map((info) => info.pid),
    [200, 201, 202],
  );
});

test('an engine pod also has every process of its uid, however it was started', () => {
  assert.deepEqual(
    podProcesses({ pid: 300, uid: 2120 }, table).map((info) => info.pid),
    [300, 400, 401],
  );
});

test('a pod with no live process has none', () => {
  assert.deepEqual(podProcesses({}, table), []);
  assert.deepEqual(podProcesses({ pid: 999 }, table), []);
});
