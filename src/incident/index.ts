export { ESCALATION_RUNBOOK_URL, escalationPayload, type EscalationPayload } from './escalation-payload.ts';
export { runEscalationScheduler, type EscalationSchedulerOptions } from './escalation-scheduler.ts';
export {
  ESCALATION_TABLE,
  escalationAt,
  nextEscalation,
  type Escalation,
  type EscalationLevel,
} from './escalation-table.ts';
export {
  IncidentClock,
  type Deliver,
  type EscalationOutcome,
  type IncidentClockOptions,
  type IncidentView,
  type StartIncident,
} from './incident-clock.ts';
export {
  TIMELINE_KINDS,
  type IncidentRecord,
  type TimelineEntry,
  type TimelineKind,
} from './incident-record.ts';
export { incidentFile } from './incident-store.ts';
export { deliverWebhook, redactUrl, type WebhookDelivery } from './webhook.ts';
