import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventLine, StepDisplay } from './step-display.ts';

test('an event line says when, what and which step', () => {
  assert.equal(
    eventLine({ at: 12_500, kind: 'fault-injected', step: 'partition', detail: 'capsule ↔ odyssey' }, 0),
    '  +12.5s ⚡ fault-injected partition: capsule ↔ odyssey',
  );
});

test('a failed step ends with a cross', () => {
  assert.match(
    eventLine({ at: 0, kind: 'step-end', step: 'verify', detail: 'FAILED: exit 1 (2.0s)' }, 0),
    /✗ step-end/,
  );
});

test('off a terminal the display is plain lines, with no control characters', () => {
  let text = '';
  const display = new StepDisplay({ write: (chunk: string) => (text += chunk), isTTY: false });
  display.begin('redis-failover', 0);
  display.event({ at: 0, kind: 'step-start', step: 'kill', detail: 'Fault started' });
  display.end();
  assert.equal(text, '── redis-failover\n    +0ms ▶ step-start     kill: Fault started\n');
});

test('on a terminal a status line names the running steps and is cleared before each event', () => {
  let text = '';
  const display = new StepDisplay({ write: (chunk: string) => (text += chunk), isTTY: true });
  display.begin('x', Date.now());
  display.event({ at: Date.now(), kind: 'step-start', step: 'wait', detail: 'Suspend started' });
  display.end();
  assert.match(text, /running: wait/);
  assert.ok(text.endsWith('\r\x1b[K'), 'the status line is cleared at the end');
});
