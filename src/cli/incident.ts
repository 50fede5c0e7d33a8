import { z } from 'zod';
import { EXIT_CODES, UsageError } from '../kit/errors/index.ts';
import { formatDuration, parseDuration, systemClock } from '../kit/time/index.ts';
import {
  ESCALATION_TABLE,
  IncidentClock,
  runEscalationScheduler,
  type EscalationOutcome,
  type IncidentView,
  type TimelineKind,
} from '../incident/index.ts';
import { flag, stringOption, type Command, type ParsedArgs } from './command.ts';
import { untilStopSignal } from './signals.ts';
import { renderTable } from './table.ts';
import { STATE_DIR_OPTION, stateDirOf } from './state-dir.ts';

const ACTIONS = ['start', 'status', 'note', 'resolve'] as const;
const NOTE_KINDS = [
  'note',
  'step',
  'detected',
  'recovery-verified',
] as const satisfies readonly TimelineKind[];

/** The environment variable that names the escalation webhook when --webhook is not given. */
export const WEBHOOK_ENV = 'BUTTERFLY_INCIDENT_WEBHOOK';

const WEBHOOK = z.url({ protocol: /^https?$/ });

function webhookOf(args: ParsedArgs): string | undefined {
  const given = stringOption(args, 'webhook');
  const url = given ?? process.env[WEBHOOK_ENV];
  if (url === undefined || url === '') return undefined;
  // The URL itself is not echoed: webhook URLs carry their secret.
  if (!WEBHOOK.safeParse(url).success)
    throw new UsageError(`${given !== undefined ? '--webhook' : WEBHOOK_ENV} must be an http(s) URL`);
  return url;
}

function detectedAtOf(args: ParsedArgs, now: number): number | undefined {
  const text = stringOption(args, 'detected-at');
  if (text === undefined) return undefined;
  const ago = parseDuration(text);
  if (ago !== undefined) return now - ago;
  const at = z.iso.datetime({ offset: true }).safeParse(text);
  if (at.success && Date.parse(at.data) <= now) return Date.parse(at.data);
  throw new UsageError(
    `--detected-at takes a time in the past (ISO 8601, e.g. 2026-03-01T09:00:00Z) or how long ago (e.g. 5m); got '${text}'`,
  );
}

function noteKindOf(args: ParsedArgs): (typeof NOTE_KINDS)[number] {
  const kind = stringOption(args, 'kind') ?? 'note';
  if (!(NOTE_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--kind must be one of ${NOTE_KINDS.join(', ')}; got '${kind}'`);
  return kind as (typeof NOTE_KINDS)[number];
}

/** `butterfly incident`: the runbook's escalation clock, with a timeline and webhook notifications. */
export const incidentCommand: Command = {
  name: 'incident',
  summary:
    "Keep an incident's timeline and the runbook's escalation clock, notifying a webhook at each level",
  usage:
    'incident start [TITLE] [--webhook URL] [--detected-at TIME|AGO] | status [--json] [--watch] | note TEXT [--kind note|step|detected|recovery-verified] | resolve [TEXT] [--state-dir DIR]',
  options: {
    webhook: { type: 'string' },
    'detected-at': { type: 'string' },
    kind: { type: 'string' },
    json: { type: 'boolean' },
    watch: { type: 'boolean' },
    ...STATE_DIR_OPTION,
  },
  maxPositionals: 64,
  async run(args) {
    const [action, ...words] = args.positionals;
    if (!(ACTIONS as readonly (string | undefined)[]).includes(action))
      throw new UsageError(`expected one of ${ACTIONS.join(', ')}; got '${action ?? ''}'`);
    const text = words.join(' ').trim();
    const incident = new IncidentClock({ stateDir: stateDirOf(args), clock: systemClock });
    switch (action as (typeof ACTIONS)[number]) {
      case 'start': {
        const webhookUrl = webhookOf(args);
        const detectedAt = detectedAtOf(args, systemClock.now());
        const record = incident.start({
          title: text || 'database partial outage',
          ...(webhookUrl ? { webhookUrl } : {}),
          ...(detectedAt !== undefined ? { detectedAt } : {}),
        });
        process.stdout.write(`incident ${record.id} started at ${record.startedAt}\n`);
        return show(incident, await incident.catchUp(), args);
      }
      case 'status':
        if (flag(args, 'watch')) return watch(incident, args);
        return show(incident, await incident.catchUp(), args);
      case 'note': {
        if (!text) throw new UsageError('note needs the text to record');
        const entry = await incident.note(noteKindOf(args), text);
        process.stdout.write(`${entry.at}  ${entry.kind}  ${entry.text}\n`);
        return show(
          incident,
          await incident.catchUp(),
          { ...args, values: { ...args.values, json: false } },
          true,
        );
      }
      case 'resolve': {
        const record = await incident.resolve(text || 'resolved');
        process.stdout.write(`incident ${record.id} resolved at ${record.resolvedAt}\n`);
        return show(incident, [], args);
      }
    }
  },
};

async function watch(incident: IncidentClock, args: ParsedArgs): Promise<number> {
  const abort = new AbortController();
  void untilStopSignal().then(() => abort.abort());
  await runEscalationScheduler(incident, {
    clock: systemClock,
    signal: abort.signal,
    pollMs: 5000,
    onTick: (outcomes) => {
      if (!flag(args, 'json') && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
      show(incident, outcomes, args);
    },
  });
  return EXIT_CODES.OK;
}

function show(
  incident: IncidentClock,
  outcomes: EscalationOutcome[],
  args: ParsedArgs,
  brief = false,
): number {
  const view = incident.view();
  for (const outcome of outcomes) process.stdout.write(describeOutcome(outcome) + '\n');
  if (flag(args, 'json')) {
    // The record without its webhook URL, which carries a secret; `webhook` is the redacted form.
    const record = Object.fromEntries(Object.entries(view.record).filter(([key]) => key !== 'webhookUrl'));
    process.stdout.write(JSON.stringify({ ...view, record, outcomes }, null, 2) + '\n');
    return EXIT_CODES.OK;
  }
  if (!brief) process.stdout.write(renderView(view));
  return EXIT_CODES.OK;
}

function describeOutcome({ escalation, delivery }: EscalationOutcome): string {
  const result =
    delivery === 'no-webhook'
      ? 'no webhook configured'
      : delivery.delivered
        ? `webhook delivered (${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'})`
        : `webhook FAILED after ${delivery.attempts} attempts: ${delivery.error}`;
  return `escalation ${escalation.window}: ${escalation.action} — ${result}`;
}

// Whole seconds: the clock is read to the millisecond, people read it to the second.
const seconds = (ms: number) => formatDuration(Math.round(ms / 1000) * 1000);

/** The incident as people read it: state, clock, escalation table with notifications, timeline. */
export function renderView(view: IncidentView): string {
  const { record } = view;
  const lines = [
    `incident ${record.id}  ${view.open ? 'OPEN' : 'RESOLVED'}  ${record.title}`,
    `started ${record.startedAt}, ${view.open ? 'running for' : 'lasted'} ${seconds(view.elapsedMs)}`,
    `escalation now: ${view.current.window}: ${view.current.action}` +
      (view.next ? `; next: ${view.next.escalation.action} in ${seconds(view.next.inMs)}` : ''),
    `webhook: ${view.webhook ?? `none (--webhook URL or ${WEBHOOK_ENV})`}`,
    '',
    renderTable(
      ['TIME', 'ACTION', 'NOTIFIED'],
      ESCALATION_TABLE.map((row) => {
        const n = record.notifications[row.level];
        const state = n?.notifiedAt
          ? `sent ${n.notifiedAt}`
          : n?.lastError
            ? `${n.lastError}${n.attempts ? ` (${n.attempts} attempts)` : ''}`
            : row.afterMs <= view.elapsedMs && view.open
              ? 'due'
              : '-';
        return [row.window, row.action, state];
      }),
    ),
    renderTable(
      ['AT', 'KIND', 'WHAT'],
      record.timeline.map((entry) => [entry.at, entry.kind, entry.text]),
    ),
  ];
  return lines.join('\n');
}
