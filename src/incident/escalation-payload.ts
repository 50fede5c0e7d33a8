import type { Escalation } from './escalation-table.ts';
import type { IncidentRecord } from './incident-record.ts';

/** Where the escalation table lives in the runbook. */
export const ESCALATION_RUNBOOK_URL = 'docs/runbooks/database-partial-outage.md#escalation';

/** The JSON body posted to the webhook when an incident reaches an escalation level. */
export interface EscalationPayload {
  type: 'butterfly.incident.escalation';
  /** One line for chat webhooks that show `text`. */
  text: string;
  incident: { id: string; title: string; startedAt: string; elapsedMinutes: number };
  escalation: { level: string; window: string; action: string };
  runbook: string;
  sentAt: string;
}

/** The webhook body for `escalation` of `record` at `now`. */
export function escalationPayload(
  record: IncidentRecord,
  escalation: Escalation,
  now: number,
): EscalationPayload {
  const elapsedMinutes = Math.floor((now - Date.parse(record.startedAt)) / 60_000);
  return {
    type: 'butterfly.incident.escalation',
    text: `[butterfly] ${record.id} (${record.title}) at ${elapsedMinutes} min: ${escalation.action}`,
    incident: { id: record.id, title: record.title, startedAt: record.startedAt, elapsedMinutes },
    escalation: { level: escalation.level, window: escalation.window, action: escalation.action },
    runbook: ESCALATION_RUNBOOK_URL,
    sentAt: new Date(now).toISOString(),
  };
}
