import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalDir, openEntry, readEntries, readEntry, recordUndo, removeEntry } from './journal.ts';
import { processMarker, ruleComment, stateTag } from './state-tag.ts';

function stateDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('an entry records its undo steps as they are added, and is gone once removed', (t) => {
  const dir = stateDir(t);
  openEntry(dir, {
    id: 'networkchaos-partition-a1',
    fault: 'networkchaos-partition',
    description: 'x',
    createdAt: 1,
  });
  recordUndo(dir, 'networkchaos-partition-a1', [
    { type: 'iptables-rule', table: 'filter', rule: ['-s', '127.0.9.1', '-j', 'DROP'] },
  ]);
  recordUndo(
    dir,
    'networkchaos-partition-a1',
    [{ type: 'hold', pod: 'odyssey-core' }],
    ['killed odyssey-core'],
  );
  const entry = readEntry(dir, 'networkchaos-partition-a1')!;
  assert.deepEqual(
    entry.undo.map((step) => step.type),
    ['iptables-rule', 'hold'],
  );
  assert.deepEqual(entry.notes, ['killed odyssey-core']);
  assert.deepEqual(readdirSync(journalDir(dir)), ['networkchaos-partition-a1.json'], 'no temp file is left');
  removeEntry(dir, 'networkchaos-partition-a1');
  assert.equal(readEntry(dir, 'networkchaos-partition-a1'), undefined);
  removeEntry(dir, 'networkchaos-partition-a1');
});

test('entries are read oldest first; a file that is not an entry is reported, a stray temp file dropped', (t) => {
  const dir = stateDir(t);
  openEntry(dir, { id: 'b', fault: 'f', description: 'second', createdAt: 20 });
  openEntry(dir, { id: 'a', fault: 'f', description: 'first', createdAt: 10 });
  writeFileSync(join(journalDir(dir), 'broken.json'), '{"id": 3');
  writeFileSync(join(journalDir(dir), 'c.json.tmp'), 'half');
  const { entries, unreadable } = readEntries(dir);
  assert.deepEqual(
    entries.map((entry) => entry.id),
    ['a', 'b'],
  );
  assert.deepEqual(unreadable, [join(journalDir(dir), 'broken.json')]);
  assert.ok(!readdirSync(journalDir(dir)).includes('c.json.tmp'));
});

test('recording on an entry that does not exist fails rather than losing the step', (t) => {
  assert.throws(
    () => recordUndo(stateDir(t), 'missing', [{ type: 'hold', pod: 'x' }]),
    /no chaos journal entry missing/,
  );
});

test('the state tag tells state folders apart and names rules and processes', () => {
  assert.equal(stateTag('/tmp/a'), stateTag('/tmp/a/'));
  assert.notEqual(stateTag('/tmp/a'), stateTag('/tmp/b'));
  assert.match(ruleComment('/tmp/a', 'f-1'), /^bfy-chaos:[0-9a-f]{10}:f-1$/);
  assert.equal(processMarker('/tmp/a', 'f-1'), `--bfy-chaos=${stateTag('/tmp/a')}:f-1`);
});
