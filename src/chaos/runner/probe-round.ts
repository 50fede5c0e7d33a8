import type { HttpProbe } from '../spec/index.ts';
import {
  answerSignals,
  baselineOf,
  healthSignals,
  type Baseline,
  probeFailures,
  type HttpAnswer,
} from '../verdict/index.ts';
import type { HttpRequest, ProbeObservation } from '../verdict/index.ts';

/** Sends a request; never throws. */
export type Http = (request: HttpRequest) => Promise<HttpAnswer>;

/**
 * How long one probe may take: longer than the platform's own worst case for an answer that
 * depends on a peer (3 tries × 2 s peer timeout + backoff ≈ 7 s, docs/timeouts.md), so a slow
 * fallback is judged by its status, not cut off by the prober.
 */
export const PROBE_TIMEOUT_MS = 10_000;

/** A probe's observation, the fault signals its answer carried, and when the answer came. */
export interface ProbeResult {
  observation: ProbeObservation;
  signals: string[];
  answeredAt: number;
}

/** Runs the probes once, together, as `phase`. */
export async function probeRound(
  http: Http,
  probes: readonly HttpProbe[],
  phase: ProbeObservation['phase'],
  now: () => number,
): Promise<ProbeResult[]> {
  return Promise.all(
    probes.map(async (probe) => {
      const at = now();
      const answer = await http({
        method: probe.method,
        url: probe.url,
        headers: probe.headers,
        ...(probe.body !== undefined ? { body: probe.body } : {}),
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      return {
        observation: {
          probe: probe.name,
          phase,
          at,
          status: answer.status,
          failures: probeFailures(probe, answer),
        },
        signals: answerSignals(hostOf(probe.url), answer.status, answer.headers, answer.body),
        answeredAt: now(),
      };
    }),
  );
}

/** Each service's health, read together: the fault signals in them, against a baseline. */
export async function healthRound(
  http: Http,
  healthUrls: Readonly<Record<string, string>>,
  baseline: Baseline,
): Promise<string[]> {
  const answers = await Promise.all(
    Object.entries(healthUrls).map(async ([source, url]) => {
      const answer = await http({ method: 'GET', url, timeoutMs: PROBE_TIMEOUT_MS });
      return answer.status === 0
        ? [`${source}: health did not answer`]
        : healthSignals(source, answer.body, baseline);
    }),
  );
  return answers.flat();
}

/** The steady state's watched values of every service's health (see `baselineOf`). */
export async function healthBaseline(
  http: Http,
  healthUrls: Readonly<Record<string, string>>,
): Promise<Map<string, unknown>> {
  const baseline = new Map<string, unknown>();
  await Promise.all(
    Object.entries(healthUrls).map(async ([source, url]) => {
      const answer = await http({ method: 'GET', url, timeoutMs: PROBE_TIMEOUT_MS });
      for (const [key, value] of baselineOf(source, answer.body)) baseline.set(key, value);
    }),
  );
  return baseline;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
