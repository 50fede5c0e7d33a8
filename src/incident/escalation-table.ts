/** The runbook's escalation table: who is engaged once an incident has lasted how long. */
export const ESCALATION_TABLE = [
  { level: 'on-call', afterMs: 0, window: '0-15 min', action: 'On-call investigates' },
  { level: 'database-team', afterMs: 15 * 60_000, window: '15-30 min', action: 'Engage database team' },
  {
    level: 'incident-commander',
    afterMs: 30 * 60_000,
    window: '30+ min',
    action: 'Incident commander, consider DR failover',
  },
  {
    level: 'post-incident-review',
    afterMs: 60 * 60_000,
    window: '1+ hour',
    action: 'Post-incident review scheduled',
  },
] as const;

/** One row of the escalation table. */
export type Escalation = (typeof ESCALATION_TABLE)[number];

/** A level of the escalation table. */
export type EscalationLevel = Escalation['level'];

/** The level names, in order. */
export const ESCALATION_LEVELS = ESCALATION_TABLE.map((row) => row.level) as [
  EscalationLevel,
  ...EscalationLevel[],
];

/** The row that applies after `elapsedMs` of incident. */
export function escalationAt(elapsedMs: number): Escalation {
  return ESCALATION_TABLE.findLast((row) => row.afterMs <= elapsedMs) ?? ESCALATION_TABLE[0];
}

/** The next row to come after `elapsedMs`, if any. */
export function nextEscalation(elapsedMs: number): Escalation | undefined {
  return ESCALATION_TABLE.find((row) => row.afterMs > elapsedMs);
}
