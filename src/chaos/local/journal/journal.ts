import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** One thing to undo, written before it is done. */
export const undoSchema = z.discriminatedUnion('type', [
  /** A rule in our `BFY-CHAOS` chain of `table`; `rule` is what follows `-A BFY-CHAOS`. */
  z.object({
    type: z.literal('iptables-rule'),
    table: z.enum(['filter', 'nat']),
    rule: z.array(z.string()).min(1),
  }),
  /** A process we started (delay proxy, stress worker); its start time guards against PID reuse. */
  z.object({
    type: z.literal('process'),
    pid: z.number().int().positive(),
    startTicks: z.string(),
    what: z.string(),
  }),
  /** A pod held down through `<state-dir>/holds/<pod>`. */
  z.object({ type: z.literal('hold'), pod: z.string().min(1) }),
]);

/** One thing to undo. */
export type Undo = z.infer<typeof undoSchema>;

/** A journaled fault: what it is, and everything needed to take it out again. */
export const journalEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  fault: z.string(),
  description: z.string(),
  createdAt: z.number(),
  undo: z.array(undoSchema),
  /** What was done that needs no undo (pids killed), for the record. */
  notes: z.array(z.string()).default([]),
});

/** A journaled fault. */
export type JournalEntry = z.infer<typeof journalEntrySchema>;

/** Where a cluster's chaos journal lives. */
export function journalDir(stateDir: string): string {
  return join(stateDir, 'chaos', 'journal');
}

function entryPath(stateDir: string, id: string): string {
  return join(journalDir(stateDir), `${id}.json`);
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes an entry durably: temp file, fsync, rename, fsync of the folder — so it is on disk before the fault is. */
function writeEntry(stateDir: string, entry: JournalEntry): void {
  const dir = journalDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const path = entryPath(stateDir, entry.id);
  const fd = openSync(`${path}.tmp`, 'w');
  try {
    writeSync(fd, JSON.stringify(entry, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.tmp`, path);
  fsyncDir(dir);
}

/** Starts a fault's entry, before anything is injected. */
export function openEntry(stateDir: string, entry: Omit<JournalEntry, 'undo' | 'notes'>): JournalEntry {
  const full: JournalEntry = { ...entry, undo: [], notes: [] };
  writeEntry(stateDir, full);
  return full;
}

/** Records more undo steps (and notes) on an entry, durably, before they are applied. */
export function recordUndo(
  stateDir: string,
  id: string,
  undo: readonly Undo[],
  notes: readonly string[] = [],
): JournalEntry {
  const entry = readEntry(stateDir, id);
  if (!entry) throw new Error(`no chaos journal entry ${id} in ${journalDir(stateDir)}`);
  entry.undo.push(...undo);
  entry.notes.push(...notes);
  writeEntry(stateDir, entry);
  return entry;
}

/** One entry, or undefined when it is gone. */
export function readEntry(stateDir: string, id: string): JournalEntry | undefined {
  const path = entryPath(stateDir, id);
  if (!existsSync(path)) return undefined;
  return journalEntrySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Every entry in the journal, oldest first; a file that is not an entry is reported, not skipped. */
export function readEntries(stateDir: string): { entries: JournalEntry[]; unreadable: string[] } {
  const dir = journalDir(stateDir);
  if (!existsSync(dir)) return { entries: [], unreadable: [] };
  const entries: JournalEntry[] = [];
  const unreadable: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.endsWith('.tmp')) {
      // A write that never reached its rename: the entry it would have replaced is still there.
      rmSync(path, { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const parsed = journalEntrySchema.safeParse(safeJson(path));
    if (parsed.success) entries.push(parsed.data);
    else unreadable.push(path);
  }
  return { entries: entries.sort((a, b) => a.createdAt - b.createdAt), unreadable };
}

function safeJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Removes an entry once its fault is proven gone. */
export function removeEntry(stateDir: string, id: string): void {
  rmSync(entryPath(stateDir, id), { force: true });
  if (existsSync(journalDir(stateDir))) fsyncDir(journalDir(stateDir));
}
