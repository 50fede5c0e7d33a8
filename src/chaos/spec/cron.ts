import { parseGoDuration } from '../manifest/index.ts';

/**
 * Schedule `spec.schedule` as Chaos Mesh parses it (robfig/cron's standard parser): five fields
 * — minute, hour, day of month, month, day of week — or a descriptor (`@hourly`, `@every 1h30m`).
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** What a cron expression may be, for error messages. */
export const CRON_FORMAT =
  "five fields 'minute hour day-of-month month day-of-week' (e.g. '*/5 * * * *'), one of " +
  `${DESCRIPTORS.join(', ')}, or '@every <duration>'`;

type CronField = (typeof FIELDS)[number];

function valueOf(text: string, field: CronField): number | undefined {
  const names: readonly string[] = 'names' in field ? field.names : [];
  const named = names.indexOf(text.toUpperCase());
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/** Why one field is wrong, or undefined when it is a valid list of values, ranges and steps. */
function fieldProblem(text: string, field: CronField, index: number): string | undefined {
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '')
      return `${field.name} '${text}' is not a value, range or step`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step))
      return `${field.name} step '${step}' is not a positive number`;
    if (range === '*' || (range === '?' && (index === 2 || index === 4))) continue;
    const [from, to, more] = range.split('-');
    const low = valueOf(from ?? '', field);
    const high = to === undefined ? low : valueOf(to, field);
    if (more !== undefined || low === undefined || high === undefined || high < low)
      return `${field.name} '${range}' is outside ${field.min}-${field.max}`;
  }
  return undefined;
}

/** Why `expression` is not a cron schedule we accept, or undefined when it is one. */
export function cronProblem(expression: string): string | undefined {
  const text = expression.trim();
  if (text.startsWith('@every ')) {
    const every = parseGoDuration(text.slice('@every '.length).trim());
    return every !== undefined && every > 0 ? undefined : `'${text}': @every needs a positive Go duration`;
  }
  if (text.startsWith('@')) return DESCRIPTORS.includes(text) ? undefined : `unknown descriptor '${text}'`;
  const fields = text.split(/\s+/);
  if (fields.length !== FIELDS.length) return `'${text}' has ${fields.length} fields, expected 5`;
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(fields[index]!, field, index);
    if (problem) return problem;
  }
  return undefined;
}
