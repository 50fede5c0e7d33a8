import {
  claimKey,
  countOf,
  isUnavailable,
  RETRY_AFTER_SECONDS,
  readAtQuorumOrOne,
  readWindow,
  textOf,
  type CassandraSession,
} from '../../engines/cassandra/index.ts';
import { WriteUnavailableError } from '../../kit/errors/index.ts';
import type { StoredCapsule } from './capsule.ts';
import type {
  CapsuleLookup,
  CapsuleStore,
  IdempotencyClaim,
  SaveOutcome,
  ScopeQuery,
  ScopeSlice,
} from './capsule-store.ts';
import {
  capsuleOfRow,
  capsuleTimestamp,
  claimantOfRow,
  claimIdempotencyKey,
  countScope,
  insertCapsuleById,
  insertCapsuleByScope,
  selectCapsuleById,
  selectClaimant,
  selectScopeWindow,
} from './cassandra-capsule-statements.ts';

/**
 * CapsuleStore on Cassandra (the local profile): LOCAL_QUORUM reads and writes, so with RF 3 a
 * write acknowledged here is read back by the next read even with one node down. The idempotency
 * claim is a lightweight transaction; the capsule rows are plain idempotent writes stamped with
 * the capsule's creation time. See src/engines/cassandra/README.md for the data model.
 */
export class CassandraCapsuleStore implements CapsuleStore {
  readonly #session: CassandraSession;

  constructor(session: CassandraSession) {
    this.#session = session;
  }

  async save(tenant: string, capsule: StoredCapsule, claim?: IdempotencyClaim): Promise<SaveOutcome> {
    try {
      return await this.#save(tenant, capsule, claim);
    } catch (error) {
      // A save is a write even where it reads (the claim's serial read): whatever the cluster
      // could not serve is BFY_ERR_WRITE_UNAVAILABLE, which the writer answers by queueing.
      if (isUnavailable(error) && !(error instanceof WriteUnavailableError)) {
        throw new WriteUnavailableError('cassandra cannot take the write: quorum lost', RETRY_AFTER_SECONDS, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async #save(tenant: string, capsule: StoredCapsule, claim?: IdempotencyClaim): Promise<SaveOutcome> {
    if (claim) {
      const claimed = await claimKey(
        this.#session,
        claimIdempotencyKey(tenant, claim, capsule),
        selectClaimant(tenant, claim.key),
        (holder) => textOf(holder, 'capsule_id') === capsule.capsuleId,
        // Two query timeouts: past that, the write is answered unavailable (and CAPSULE queues it).
        { budgetMs: 2 * this.#session.settings.queryTimeoutMs },
      );
      if (!claimed.applied) {
        const claimant = claimantOfRow(claimed.holder);
        // The claimant may have died (or timed out) between its claim and its rows; writing them
        // again is harmless — same cells, same timestamp — and makes the replay's answer true.
        await this.writeRows(tenant, claimant.capsule, capsuleTimestamp(claimant.capsule));
        return { kind: 'claimed', ...claimant };
      }
    }
    await this.writeRows(tenant, capsule, capsuleTimestamp(capsule));
    return { kind: 'created', capsule };
  }

  /**
   * Writes a capsule's rows with an explicit write timestamp (microseconds): by id first, then in
   * its scope, so a capsule that is listed can always be read by id. Both writes are idempotent;
   * a replay of a queued write passes the capsule's original timestamp.
   */
  async writeRows(tenant: string, capsule: StoredCapsule, timestampMicros: number): Promise<void> {
    // Two statements, not a logged batch: a batch of two copies of a large capsule would pass
    // Cassandra's batch size limit (50 KiB by default), and the order above is enough.
    await this.#session.execute(insertCapsuleById(tenant, capsule, timestampMicros));
    await this.#session.execute(insertCapsuleByScope(tenant, capsule, timestampMicros));
  }

  // Reads fall back to ONE when the quorum is lost (two of three nodes down): the runbook's
  // "reads continue from the available replica", flagged so the answer says it may be stale.
  async find(tenant: string, capsuleId: string): Promise<CapsuleLookup> {
    const { value: row, degraded } = await readAtQuorumOrOne(async (options) =>
      (await this.#session.execute(selectCapsuleById(tenant, capsuleId), options)).first(),
    );
    return { capsule: row ? capsuleOfRow(row) : undefined, ...(degraded ? { degraded } : {}) };
  }

  async listScope(tenant: string, query: ScopeQuery): Promise<ScopeSlice> {
    // The count reads the whole (range of the) partition; the window reads offset + limit rows.
    const { value, degraded } = await readAtQuorumOrOne((options) =>
      Promise.all([
        this.#session.execute(countScope(tenant, query), options),
        readWindow(this.#session, selectScopeWindow(tenant, query), query, capsuleOfRow, options),
      ]),
    );
    const [counted, capsules] = value;
    return { capsules, total: countOf(counted), ...(degraded ? { degraded } : {}) };
  }
}
