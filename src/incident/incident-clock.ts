import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../cluster/index.ts';
import { NotFoundError, StateConflictError } from '../kit/errors/index.ts';
import type { Clock } from '../kit/time/index.ts';
import { escalationPayload } from './escalation-payload.ts';
import { ESCALATION_TABLE, escalationAt, nextEscalation, type Escalation } from './escalation-table.ts';
import type { IncidentRecord, TimelineEntry, TimelineKind } from './incident-record.ts';
import { incidentFile, readIncident, updateIncident, writeIncident } from './incident-store.ts';
import { deliverWebhook, redactUrl, type WebhookDelivery } from './webhook.ts';

/** Posts one payload to the webhook; `deliverWebhook` unless a test says otherwise. */
export type Deliver = (url: string, payload: unknown) => Promise<WebhookDelivery>;

/** Options of the incident clock. */
export interface IncidentClockOptions {
  stateDir: string;
  clock: Clock;
  deliver?: Deliver;
}

/** What to start an incident with. */
export interface StartIncident {
  title: string;
  webhookUrl?: string;
  /** When the fault was detected, if before now: the clock runs from then. */
  detectedAt?: number;
}

/** An incident as `status` shows it. */
export interface IncidentView {
  record: IncidentRecord;
  open: boolean;
  /** Since the start; until the resolution once resolved. */
  elapsedMs: number;
  current: Escalation;
  /** The next level and how long until it, while open. */
  next?: { escalation: Escalation; inMs: number };
  /** The webhook as it may be shown. */
  webhook?: string;
}

/** One escalation level reached during a catch-up, and whether its webhook went out. */
export interface EscalationOutcome {
  escalation: Escalation;
  delivery: WebhookDelivery | 'no-webhook';
}

const NO_WEBHOOK = 'no webhook configured';

/**
 * The runbook's escalation clock over `<state-dir>/incident.json`: a timeline of what happened
 * and, each time the incident passes a level of the escalation table, one webhook call. Every
 * method reads the file afresh, so commands in several processes (a `note` here, a scheduler
 * there, a `status` after a night with no process running) share one incident.
 */
export class IncidentClock {
  readonly #stateDir: string;
  readonly #clock: Clock;
  readonly #deliver: Deliver;

  constructor(options: IncidentClockOptions) {
    this.#stateDir = options.stateDir;
    this.#clock = options.clock;
    this.#deliver =
      options.deliver ?? ((url, payload) => deliverWebhook(url, payload, { clock: options.clock }));
  }

  /** Opens an incident; refuses while another is open. A resolved one is moved to `incidents/<id>.json`. */
  start(input: StartIncident): IncidentRecord {
    const existing = readIncident(this.#stateDir);
    if (existing && !existing.resolvedAt)
      throw new StateConflictError(`incident ${existing.id} is still open; resolve it first`, {
        id: existing.id,
      });
    if (existing) {
      mkdirSync(join(this.#stateDir, 'incidents'), { recursive: true });
      renameSync(incidentFile(this.#stateDir), join(this.#stateDir, 'incidents', `${existing.id}.json`));
    }
    mkdirSync(this.#stateDir, { recursive: true });
    const now = this.#clock.now();
    const startedAt = new Date(Math.min(input.detectedAt ?? now, now)).toISOString();
    const timeline: TimelineEntry[] = [{ at: startedAt, kind: 'started', text: input.title }];
    if (input.detectedAt !== undefined)
      timeline.push({ at: startedAt, kind: 'detected', text: 'fault detected' });
    const record: IncidentRecord = {
      version: 1,
      id: `inc-${startedAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`,
      title: input.title,
      startedAt,
      ...(input.webhookUrl ? { webhookUrl: input.webhookUrl } : {}),
      timeline,
      notifications: {},
    };
    writeIncident(this.#stateDir, record);
    return record;
  }

  /** Adds an entry to the open incident's timeline. */
  async note(
    kind: Exclude<TimelineKind, 'started' | 'escalated' | 'resolved'>,
    text: string,
  ): Promise<TimelineEntry> {
    const entry: TimelineEntry = { at: new Date(this.#clock.now()).toISOString(), kind, text };
    return updateIncident(this.#stateDir, this.#clock, (record) => {
      assertOpen(record);
      return { record: { ...record, timeline: [...record.timeline, entry] }, result: entry };
    });
  }

  /** Resolves the open incident: the clock stops and no further level is notified. */
  async resolve(text = 'resolved'): Promise<IncidentRecord> {
    const at = new Date(this.#clock.now()).toISOString();
    return updateIncident(this.#stateDir, this.#clock, (record) => {
      assertOpen(record);
      const resolved = {
        ...record,
        resolvedAt: at,
        timeline: [...record.timeline, { at, kind: 'resolved' as const, text }],
      };
      return { record: resolved, result: resolved };
    });
  }

  /** The incident now; throws NotFound when none was ever started. */
  view(): IncidentView {
    const record = readIncident(this.#stateDir);
    if (!record) throw new NotFoundError('incident', incidentFile(this.#stateDir));
    const started = Date.parse(record.startedAt);
    const end = record.resolvedAt ? Date.parse(record.resolvedAt) : this.#clock.now();
    const elapsedMs = Math.max(0, end - started);
    const next = record.resolvedAt ? undefined : nextEscalation(elapsedMs);
    return {
      record,
      open: !record.resolvedAt,
      elapsedMs,
      current: escalationAt(elapsedMs),
      ...(next ? { next: { escalation: next, inMs: next.afterMs - elapsedMs } } : {}),
      ...(record.webhookUrl ? { webhook: redactUrl(record.webhookUrl) } : {}),
    };
  }

  /**
   * Notifies every level the open incident has reached and not yet notified — each once, even
   * with several processes catching up at the same time (a level is claimed under the file's
   * lock before its webhook is called) or after hours with no process running.
   */
  async catchUp(): Promise<EscalationOutcome[]> {
    const pid = process.pid;
    const claimed = await updateIncident(this.#stateDir, this.#clock, (record) => {
      if (record.resolvedAt) return { record, result: [] as Escalation[] };
      const elapsedMs = this.#clock.now() - Date.parse(record.startedAt);
      const due = ESCALATION_TABLE.filter((row) => row.afterMs <= elapsedMs && isDue(record, row, pid));
      const notifications = { ...record.notifications };
      for (const row of due)
        notifications[row.level] = { attempts: 0, ...notifications[row.level], claimedBy: pid };
      return { record: { ...record, notifications }, result: due };
    });
    const outcomes: EscalationOutcome[] = [];
    for (const escalation of claimed) {
      const record = readIncident(this.#stateDir)!;
      const delivery = record.webhookUrl
        ? await this.#deliver(record.webhookUrl, escalationPayload(record, escalation, this.#clock.now()))
        : ('no-webhook' as const);
      await this.#recordDelivery(escalation, delivery);
      outcomes.push({ escalation, delivery });
    }
    return outcomes;
  }

  async #recordDelivery(escalation: Escalation, delivery: WebhookDelivery | 'no-webhook'): Promise<void> {
    const at = new Date(this.#clock.now()).toISOString();
    await updateIncident(this.#stateDir, this.#clock, (record) => {
      const before = record.notifications[escalation.level];
      const firstTime = !before || (before.attempts === 0 && !before.lastError);
      const attempts = (before?.attempts ?? 0) + (delivery === 'no-webhook' ? 0 : delivery.attempts);
      const notification =
        delivery === 'no-webhook'
          ? { attempts, lastError: NO_WEBHOOK }
          : delivery.delivered
            ? { attempts, notifiedAt: at }
            : { attempts, lastError: delivery.error };
      const outcome =
        delivery === 'no-webhook'
          ? NO_WEBHOOK
          : delivery.delivered
            ? 'webhook delivered'
            : `webhook failed: ${delivery.error}`;
      const timeline = firstTime
        ? [
            ...record.timeline,
            {
              at,
              kind: 'escalated' as const,
              text: `${escalation.window}: ${escalation.action} (${outcome})`,
            },
          ]
        : record.timeline;
      return {
        record: {
          ...record,
          timeline,
          notifications: { ...record.notifications, [escalation.level]: notification },
        },
        result: undefined,
      };
    });
  }
}

/** Not yet notified, not given up on for want of a webhook, and not being sent by another live process. */
function isDue(record: IncidentRecord, escalation: Escalation, pid: number): boolean {
  const notification = record.notifications[escalation.level];
  if (!notification) return true;
  if (notification.notifiedAt || notification.lastError === NO_WEBHOOK) return false;
  const claimant = notification.claimedBy;
  return claimant === undefined || claimant === pid || !isAlive(claimant);
}

function assertOpen(record: IncidentRecord): void {
  if (record.resolvedAt)
    throw new StateConflictError(`incident ${record.id} is already resolved`, { id: record.id });
}
