import {
  claimKey,
  countOf,
  readWindow,
  supersedingTimestamp,
  textOf,
  writeTimestampOf,
  type CassandraSession,
} from '../../../engines/cassandra/index.ts';
import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { ActionRecord, OutcomeStatus } from './action.ts';
import type { ActionFilter, ActionLogStore, KeyHolder, StartedAction } from './action-log-store.ts';
import {
  actionRowOf,
  claimActionKey,
  deleteActionById,
  insertActionById,
  listedActionOf,
  recordOf,
  selectActionById,
  selectKeyHolder,
  type ActionRow,
} from './cassandra-action-log-statements.ts';
import { bucketOf } from './cassandra-marker-statements.ts';
import { countListing, insertListings, selectListingWindow } from './cassandra-listing-statements.ts';
import { RecoveryMarkers, type Marker } from './cassandra-action-markers.ts';

/** How an action ended. */
type Outcome = { outcomeStatus: OutcomeStatus; result: Record<string, unknown>; completedAt: string };

const INTERRUPTED = { error: 'interrupted: the service stopped while the action ran; it was not run again' };

/**
 * ActionLogStore on Cassandra (the local profile). An action's life is a sequence of idempotent
 * writes, ordered so a crash between any two leaves something recovery can finish:
 *
 * 1. a `running` marker for this instance (`owner`), then the action's row as RUNNING;
 * 2. the idempotency claim, a lightweight transaction (the only non-idempotent statement);
 *    a lost claim deletes the row and marker again — that action never ran;
 * 3. once the tool ran: the row as DONE, its listing rows, an `unqueued` marker when the outcome
 *    goes to PERCEPTION, and last the `running` marker's deletion.
 *
 * `owner` names this instance's durable identity (its recovery markers); two instances sharing
 * one must not run at once, or one's recovery would end the other's running actions.
 */
export class CassandraActionLogStore implements ActionLogStore {
  readonly #session: CassandraSession;
  readonly #markers: RecoveryMarkers;

  constructor(session: CassandraSession, owner: string) {
    this.#session = session;
    this.#markers = new RecoveryMarkers(session, owner);
  }

  async start(
    tenant: string,
    action: StartedAction,
  ): Promise<{ started: true } | { started: false; holder: KeyHolder }> {
    const { actionId, idempotencyKey, fingerprint, ...request } = action;
    const startedAt = writeTimestampOf(action.createdAt);
    await this.#markers.put('running', action.createdAt, tenant, actionId, startedAt);
    await this.#session.execute(
      insertActionById(
        { tenant, actionId, idempotencyKey, fingerprint, state: 'RUNNING', request, outcome: null },
        startedAt,
      ),
    );
    if (idempotencyKey === null) return { started: true };

    const claim = await claimKey(
      this.#session,
      claimActionKey(tenant, idempotencyKey, action),
      selectKeyHolder(tenant, idempotencyKey),
      (holder) => textOf(holder, 'action_id') === actionId,
      // Two query timeouts: past that, the action is answered 503 BFY_ERR_WRITE_UNAVAILABLE, not left waiting.
      { budgetMs: 2 * this.#session.settings.queryTimeoutMs },
    );
    if (claim.applied) return { started: true };
    // Lost the claim: this action never runs. Row first, marker last (the marker finds a leftover row).
    const undo = supersedingTimestamp(startedAt, writeTimestampOf(this.#session.clock.now()));
    await this.#session.execute(deleteActionById(tenant, actionId, undo));
    await this.#markers.remove('running', action.createdAt, tenant, actionId, undo);
    const { holder } = claim;
    return {
      started: false,
      holder: await this.#holder(tenant, textOf(holder, 'action_id'), textOf(holder, 'fingerprint')),
    };
  }

  async complete(tenant: string, actionId: string, outcome: Outcome): Promise<ActionRecord> {
    const row = await this.#row(tenant, actionId);
    if (!row) throw new Error(`action ${actionId} vanished while running`);
    return this.#finish({ ...row, state: 'DONE', outcome });
  }

  async get(tenant: string, actionId: string): Promise<ActionRecord | undefined> {
    const row = await this.#row(tenant, actionId);
    return row?.outcome ? recordOf(row, row.outcome) : undefined;
  }

  async list(tenant: string, filter: ActionFilter, page: PageRequest): Promise<PageSlice<ActionRecord>> {
    const [counted, items] = await Promise.all([
      this.#session.execute(countListing(tenant, filter)),
      readWindow(
        this.#session,
        selectListingWindow(tenant, filter, page),
        { offset: page.page * page.limit, limit: page.limit },
        listedActionOf,
      ),
    ]);
    return { items, total: countOf(counted) };
  }

  async markOutcomeQueued(tenant: string, actionId: string): Promise<void> {
    const row = await this.#row(tenant, actionId);
    if (!row?.outcome) return;
    const at = supersedingTimestamp(doneTimestamp(row), writeTimestampOf(this.#session.clock.now()));
    await this.#markers.remove('unqueued', row.outcome.completedAt, tenant, actionId, at);
  }

  async unqueuedOutcomes(): Promise<{ tenant: string; action: ActionRecord }[]> {
    const markers = await this.#markers.scan('unqueued');
    const found: { tenant: string; action: ActionRecord }[] = [];
    for (const marker of markers) {
      const row = await this.#row(marker.tenant, marker.actionId);
      if (row?.outcome) found.push({ tenant: marker.tenant, action: recordOf(row, row.outcome) });
    }
    // Markers the caller does not clear stay at or after the oldest one found, so the checkpoint never passes them.
    const oldest = markers.reduce(
      (min, marker) => Math.min(min, marker.bucket),
      bucketOf(this.#session.clock.now()),
    );
    await this.#markers.advance('unqueued', oldest);
    return found.sort((a, b) => a.action.completedAt.localeCompare(b.action.completedAt));
  }

  async failInterrupted(at: string): Promise<number> {
    const scannedAt = bucketOf(this.#session.clock.now());
    let failed = 0;
    for (const marker of await this.#markers.scan('running')) {
      if (await this.#resolveRunning(marker, at)) failed += 1;
    }
    // Every running marker up to now is resolved; later ones belong to actions started after this.
    await this.#markers.advance('running', scannedAt);
    return failed;
  }

  /** Settles one `running` marker after a crash; true when it ended an interrupted action as FAILURE. */
  async #resolveRunning(marker: Marker, at: string): Promise<boolean> {
    const { tenant, actionId } = marker;
    const row = await this.#row(tenant, actionId);
    const now = writeTimestampOf(this.#session.clock.now());
    if (!row) {
      // The crash fell before the row was written (or after a lost claim's undo began): nothing ran.
      await this.#markers.remove('running', marker.bucket, tenant, actionId, now);
      return false;
    }
    if (row.outcome) {
      // The crash fell inside step 3: write its rows again (same timestamps) and drop the marker.
      await this.#finish(row);
      return false;
    }
    if (row.idempotencyKey !== null) {
      const holder = (await this.#session.execute(selectKeyHolder(tenant, row.idempotencyKey))).first();
      if (!holder || textOf(holder, 'action_id') !== actionId) {
        // It never held its key, so it never ran: undo step 1.
        const undo = supersedingTimestamp(writeTimestampOf(row.request.createdAt), now);
        await this.#session.execute(deleteActionById(tenant, actionId, undo));
        await this.#markers.remove('running', row.request.createdAt, tenant, actionId, undo);
        return false;
      }
    }
    await this.#finish({
      ...row,
      state: 'DONE',
      outcome: { outcomeStatus: 'FAILURE', result: INTERRUPTED, completedAt: at },
    });
    return true;
  }

  /** Step 3: the DONE row, its listings and markers, then the running marker's deletion. */
  async #finish(row: ActionRow): Promise<ActionRecord> {
    const outcome = row.outcome;
    if (!outcome) throw new Error(`action ${row.actionId} has no outcome to record`);
    const record = recordOf(row, outcome);
    const at = doneTimestamp(row);
    // Independent idempotent writes, not a logged batch: four copies of a large result would pass
    // the batch size limit; the running marker, deleted last, makes recovery finish a partial one.
    await Promise.all([
      this.#session.execute(insertActionById(row, at)),
      ...insertListings(row.tenant, record, at).map((statement) => this.#session.execute(statement)),
      ...(record.rimNodeId !== null
        ? [this.#markers.put('unqueued', outcome.completedAt, row.tenant, row.actionId, at)]
        : []),
    ]);
    await this.#markers.remove('running', row.request.createdAt, row.tenant, row.actionId, at);
    return record;
  }

  async #holder(tenant: string, actionId: string, fingerprint: string): Promise<KeyHolder> {
    const row = await this.#row(tenant, actionId);
    // A holder without a DONE row is still running (or was interrupted and recovery will end it).
    if (row?.outcome) return { state: 'DONE', fingerprint, action: recordOf(row, row.outcome) };
    return { state: 'RUNNING', actionId, fingerprint };
  }

  async #row(tenant: string, actionId: string): Promise<ActionRow | undefined> {
    const row = (await this.#session.execute(selectActionById(tenant, actionId))).first();
    return row ? actionRowOf(row) : undefined;
  }
}

/**
 * The write timestamp of an action's DONE writes: its completion time, but always after the
 * RUNNING row's (its creation time), so DONE wins even if the clock stepped back meanwhile. Being
 * derived from the stored row, a repeat of step 3 writes exactly the same cells.
 */
function doneTimestamp(row: ActionRow): number {
  const startedAt = writeTimestampOf(row.request.createdAt);
  return supersedingTimestamp(startedAt, row.outcome ? writeTimestampOf(row.outcome.completedAt) : startedAt);
}
