import { z } from 'zod';
import { ESCALATION_LEVELS } from './escalation-table.ts';

/** What a timeline entry records. */
export const TIMELINE_KINDS = [
  'started',
  'detected',
  'step',
  'note',
  'recovery-verified',
  'escalated',
  'resolved',
] as const;

/** The kind of a timeline entry. */
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

const TIMELINE_ENTRY = z.object({
  at: z.iso.datetime(),
  kind: z.enum(TIMELINE_KINDS),
  text: z.string(),
});

const NOTIFICATION = z.object({
  /** The process that is sending it now; another process leaves the level alone while it lives. */
  claimedBy: z.number().int().optional(),
  notifiedAt: z.iso.datetime().optional(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
});

/** `<state-dir>/incident.json`: one incident, open or resolved, with its timeline. */
export const INCIDENT_RECORD = z.object({
  version: z.literal(1),
  id: z.string().min(1),
  title: z.string(),
  startedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().optional(),
  /** Where escalations are posted. Kept here (the file is 0600) so a later `status` can catch up; never printed whole. */
  webhookUrl: z.url().optional(),
  timeline: z.array(TIMELINE_ENTRY),
  notifications: z.partialRecord(z.enum(ESCALATION_LEVELS), NOTIFICATION),
});

/** An incident as stored. */
export type IncidentRecord = z.infer<typeof INCIDENT_RECORD>;

/** One timeline entry. */
export type TimelineEntry = z.infer<typeof TIMELINE_ENTRY>;

/** The delivery state of one escalation level's webhook. */
export type Notification = z.infer<typeof NOTIFICATION>;
