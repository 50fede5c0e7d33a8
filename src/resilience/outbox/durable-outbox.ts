import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/** One queued message. */
export interface OutboxEntry {
  id: number;
  topic: string;
  /** Deduplication key: a second enqueue with the same topic and key is ignored. */
  key: string;
  payload: unknown;
  tenant: string;
  correlationId: string;
  enqueuedAt: number;
  attempts: number;
  lastError: string | null;
}

/** Queue depth and age, for metrics and health details. */
export interface OutboxStats {
  depth: number;
  oldestAgeMs: number;
}

interface Row {
  id: number;
  topic: string;
  key: string;
  payload: string;
  tenant: string;
  correlation_id: string;
  enqueued_at: number;
  attempts: number;
  last_error: string | null;
}

/** A message to queue: where it goes, its deduplication key, what it carries, and when. */
export interface NewOutboxEntry {
  topic: string;
  key: string;
  payload: unknown;
  tenant: string;
  correlationId: string;
  now: number;
}

/**
 * A durable, ordered queue of messages that must reach another service: on disk (node:sqlite,
 * WAL, synchronous=FULL) so nothing acknowledged is lost when the process dies.
 */
export class DurableOutbox {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #due: StatementSync;
  readonly #delete: StatementSync;
  readonly #fail: StatementSync;
  readonly #stats: StatementSync;
  readonly #byKey: StatementSync;
  /** Messages waiting for the next group commit. */
  readonly #group: {
    entry: NewOutboxEntry;
    resolve: (queued: boolean) => void;
    reject: (error: unknown) => void;
  }[] = [];

  /** Opens the outbox file, creating it; `:memory:` for tests. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        key TEXT NOT NULL,
        payload TEXT NOT NULL,
        tenant TEXT NOT NULL,
        correlation_id TEXT NOT NULL,
        enqueued_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        UNIQUE (topic, key)
      );`);
    this.#insert = this.#db.prepare(
      'INSERT INTO outbox (topic, key, payload, tenant, correlation_id, enqueued_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (topic, key) DO NOTHING',
    );
    this.#due = this.#db.prepare('SELECT * FROM outbox WHERE topic = ? ORDER BY id LIMIT ?');
    this.#delete = this.#db.prepare('DELETE FROM outbox WHERE id = ?');
    this.#fail = this.#db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?');
    this.#byKey = this.#db.prepare('SELECT * FROM outbox WHERE topic = ? AND key = ?');
    this.#stats = this.#db.prepare(
      'SELECT COUNT(*) AS depth, MIN(enqueued_at) AS oldest FROM outbox WHERE topic = ?',
    );
  }

  /** Queues a message; returns false when one with the same topic and key is already queued. */
  enqueue(entry: NewOutboxEntry): boolean {
    const result = this.#insert.run(
      entry.topic,
      entry.key,
      JSON.stringify(entry.payload),
      entry.tenant,
      entry.correlationId,
      entry.now,
    );
    return Number(result.changes) > 0;
  }

  /**
   * Queues a message together with the others enqueued in the same turn of the event loop: one
   * transaction, so one fsync for the group instead of one each (group commit). Resolves, like
   * `enqueue` returns, once the message is on disk; rejects every message of a failed group.
   */
  enqueueGrouped(entry: NewOutboxEntry): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#group.push({ entry, resolve, reject });
      if (this.#group.length === 1) setImmediate(() => this.#commitGroup());
    });
  }

  #commitGroup(): void {
    const group = this.#group.splice(0);
    if (group.length === 0) return;
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      const queued = group.map(({ entry }) => this.enqueue(entry));
      this.#db.exec('COMMIT');
      group.forEach(({ resolve }, n) => resolve(queued[n]!));
    } catch (error) {
      if (this.#db.isOpen && this.#db.isTransaction) this.#db.exec('ROLLBACK');
      for (const { reject } of group) reject(error);
    }
  }

  /** The oldest messages of a topic, in order. */
  peek(topic: string, limit: number): OutboxEntry[] {
    return (this.#due.all(topic, limit) as unknown as Row[]).map(entryOf);
  }

  /** The message of a topic queued under `key`, if it is still queued. */
  find(topic: string, key: string): OutboxEntry | undefined {
    const row = this.#byKey.get(topic, key) as Row | undefined;
    return row ? entryOf(row) : undefined;
  }

  /** Removes a delivered message. */
  acknowledge(id: number): void {
    this.#delete.run(id);
  }

  /** Records a failed delivery attempt. */
  recordFailure(id: number, error: string): void {
    this.#fail.run(error.slice(0, 500), id);
  }

  /** Depth and oldest age of a topic. */
  stats(topic: string, now: number): OutboxStats {
    const row = this.#stats.get(topic) as { depth: number; oldest: number | null };
    return { depth: row.depth, oldestAgeMs: row.oldest === null ? 0 : Math.max(0, now - row.oldest) };
  }

  /** Commits a pending group, then closes the file. */
  close(): void {
    this.#commitGroup();
    if (this.#db.isOpen) this.#db.close();
  }
}

function entryOf(row: Row): OutboxEntry {
  return {
    id: row.id,
    topic: row.topic,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    tenant: row.tenant,
    correlationId: row.correlation_id,
    enqueuedAt: row.enqueued_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
