import type { StoredCapsule } from './capsule.ts';

/** A claim on an idempotency key: the key and the fingerprint of the request that made it. */
export interface IdempotencyClaim {
  key: string;
  requestFingerprint: string;
}

/** What `save` did: stored the capsule, or found the key already claimed and stored nothing. */
export type SaveOutcome =
  | { kind: 'created'; capsule: StoredCapsule }
  | { kind: 'claimed'; capsule: StoredCapsule; requestFingerprint: string };

/** Which capsules of one scope to read, newest first. */
export interface ScopeQuery {
  scopeId: string;
  /** Inclusive lower bound on `centerTsUtc`, epoch milliseconds. */
  fromMs?: number;
  /** Inclusive upper bound on `centerTsUtc`, epoch milliseconds. */
  toMs?: number;
  offset: number;
  limit: number;
}

/** One slice of a scope's capsules and how many match in all. */
export interface ScopeSlice {
  capsules: StoredCapsule[];
  total: number;
  /** Present when the read was served below quorum (Cassandra at ONE): it may miss recent writes. */
  degraded?: true;
}

/** One capsule looked up by id (undefined when absent), flagged like ScopeSlice when degraded. */
export interface CapsuleLookup {
  capsule: StoredCapsule | undefined;
  degraded?: true;
}

/**
 * Where capsules live. Everything is addressed by tenant; reads of a scope are the hot path.
 * The shape fits a wide-column engine: a partition per (tenant, scopeId) clustered by
 * `centerTsUtc` desc then `createdAt` desc, a lookup table by (tenant, capsuleId), and the
 * idempotency claim as a lightweight transaction (`INSERT … IF NOT EXISTS`).
 */
export interface CapsuleStore {
  /**
   * Stores a new capsule. With a claim, the key is claimed atomically with the write: when
   * the tenant already used the key, nothing is stored and the capsule that claimed it returns.
   */
  save(tenant: string, capsule: StoredCapsule, claim?: IdempotencyClaim): Promise<SaveOutcome>;
  /** One capsule of the tenant, if stored. */
  find(tenant: string, capsuleId: string): Promise<CapsuleLookup>;
  /** A scope's capsules, newest first (`centerTsUtc` desc, then `createdAt` desc). */
  listScope(tenant: string, query: ScopeQuery): Promise<ScopeSlice>;
}
