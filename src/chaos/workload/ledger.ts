import type { LedgerResult } from '../report/index.ts';
import type { StoredRecord } from './workload-target.ts';

/** One acknowledged (2xx) write: what the service promised to keep. */
export interface LedgerEntry {
  /** The record id the answer named (undefined if a 2xx answer named none: still owed, by key). */
  id: string | undefined;
  key: string;
  status: number;
  at: number;
}

/** What a read-back found: each acknowledged id's existence, and the whole scope. */
export interface ReadBack {
  /** id → found by id (true/false); missing when the read did not answer usably. */
  byId: ReadonlyMap<string, boolean>;
  scope: readonly StoredRecord[];
}

/**
 * Compares the ledger with what the service holds. Lost: an acknowledged write missing by id
 * or from its scope. Duplicated: a key stored under more than one record (or one id listed
 * twice). Unexpected: a record in the scope that no request of ours asked for — keys we sent
 * but never saw acknowledged (timeouts, 503s) may legitimately have landed and are not counted.
 */
export function reconcile(
  entries: readonly LedgerEntry[],
  attemptedKeys: ReadonlySet<string>,
  readBack: ReadBack,
): LedgerResult {
  const idsByKey = new Map<string, Set<string>>();
  const idCounts = new Map<string, number>();
  for (const record of readBack.scope) {
    idCounts.set(record.id, (idCounts.get(record.id) ?? 0) + 1);
    if (record.key !== undefined)
      idsByKey.set(record.key, (idsByKey.get(record.key) ?? new Set()).add(record.id));
  }
  const lost: string[] = [];
  for (const entry of entries) {
    const inScope = entry.id !== undefined ? idCounts.has(entry.id) : idsByKey.has(entry.key);
    const byId = entry.id === undefined ? true : readBack.byId.get(entry.id);
    if (!inScope || byId !== true) lost.push(entry.id ?? `key ${entry.key}`);
  }
  const duplicated = [
    ...[...idsByKey].filter(([, ids]) => ids.size > 1).map(([key]) => `key ${key}`),
    ...[...idCounts].filter(([, count]) => count > 1).map(([id]) => `id ${id}`),
  ];
  const unexpected = readBack.scope
    .filter((record) => record.key === undefined || !attemptedKeys.has(record.key))
    .map((record) => record.id);
  return { acknowledged: entries.length, lost, duplicated, unexpected };
}
