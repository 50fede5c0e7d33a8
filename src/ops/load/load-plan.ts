import { randomBytes } from 'node:crypto';
import { UsageError } from '../../kit/errors/index.ts';
import { DURATION_FORMAT, parseDuration } from '../../kit/time/index.ts';
import { DEFAULT_MIX, MIX_FORMAT, parseMix, type LoadMix } from './load-mix.ts';

/** A run's shape as the command line gives it (each value as typed, all optional). */
export interface LoadPlanInput {
  rate?: string | undefined;
  duration?: string | undefined;
  mix?: string | undefined;
  tenants?: string | undefined;
  scopes?: string | undefined;
  timeout?: string | undefined;
}

/** A validated, frozen run. */
export interface LoadPlan {
  readonly runId: string;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly mix: LoadMix;
  readonly tenants: number;
  readonly scopes: number;
  /** Per request (a golden loop has its own 30 s budget). */
  readonly timeoutMs: number;
}

/** The run passes when at most this share of requests failed (and no acknowledged write was lost or doubled). */
export const MAX_ERROR_RATE = 0.01;

const LIMITS = { rate: [0.1, 20_000], tenants: [1, 100], scopes: [1, 1000] } as const;

/** Checks a run's options, naming the flag and what it accepts when one is wrong (a UsageError: exit 2). */
export function compileLoadPlan(input: LoadPlanInput, now = Date.now()): LoadPlan {
  const ratePerSecond = numberIn('rate', input.rate, 100, LIMITS.rate, false);
  const durationMs = durationOf('duration', input.duration, 60_000);
  const timeoutMs = durationOf('timeout', input.timeout, 5_000);
  const mixed = input.mix === undefined ? DEFAULT_MIX : parseMix(input.mix);
  if ('invalid' in mixed) throw new UsageError(`--mix: ${mixed.invalid}; accepted: ${MIX_FORMAT}`);
  if (Math.floor((durationMs * ratePerSecond) / 1000) < 1) {
    throw new UsageError(`--rate ${ratePerSecond} for --duration ${input.duration} starts no request`);
  }
  return Object.freeze({
    runId: newRunId(now),
    ratePerSecond,
    durationMs,
    mix: mixed,
    tenants: numberIn('tenants', input.tenants, 4, LIMITS.tenants, true),
    scopes: numberIn('scopes', input.scopes, 16, LIMITS.scopes, true),
    timeoutMs,
  });
}

function numberIn(
  flag: string,
  text: string | undefined,
  fallback: number,
  [min, max]: readonly [number, number],
  whole: boolean,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const shape = whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!shape.test(text.trim()) || value < min || value > max) {
    throw new UsageError(
      `--${flag} must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}; got '${text}'`,
    );
  }
  return value;
}

function durationOf(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`--${flag} must be a duration (${DURATION_FORMAT}); got '${text}'`);
  return ms;
}

/** A run id: sortable by time, safe inside RIM ids, idempotency keys and tenant-scoped names. */
function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replaceAll(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `load-${stamp}-${randomBytes(2).toString('hex')}`;
}
