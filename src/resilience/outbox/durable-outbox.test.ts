import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableOutbox } from './durable-outbox.ts';

const message = (key: string) => ({
  topic: 't',
  key,
  payload: { key },
  tenant: 'a',
  correlationId: 'c',
  now: 1,
});

test('grouped enqueues of one turn are committed together, in order, deduplicated, and survive a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'butterfly-outbox-'));
  try {
    const outbox = new DurableOutbox(join(dir, 'outbox.sqlite'));
    const answers = await Promise.all(['a', 'b', 'a', 'c'].map((key) => outbox.enqueueGrouped(message(key))));
    assert.deepEqual(answers, [true, true, false, true]);
    // Enqueued but not yet committed: close() commits the pending group first.
    const late = outbox.enqueueGrouped(message('d'));
    outbox.close();
    assert.equal(await late, true);
    const reopened = new DurableOutbox(join(dir, 'outbox.sqlite'));
    assert.deepEqual(
      reopened.peek('t', 10).map((entry) => entry.key),
      ['a', 'b', 'c', 'd'],
    );
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a group that cannot be written rejects every message of it', async () => {
  const outbox = new DurableOutbox(':memory:');
  const pending = [outbox.enqueueGrouped(message('x')), outbox.enqueueGrouped(message('y'))];
  outbox.close();
  // close() committed them; a group after close fails as a whole.
  assert.deepEqual(await Promise.all(pending), [true, true]);
  await assert.rejects(outbox.enqueueGrouped(message('z')));
});
