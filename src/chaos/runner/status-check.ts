import type { StepOf, StepRuntime } from './step-runtime.ts';

/** How a StatusCheck ended. */
export type StatusCheckOutcome = { ok: true; detail: string } | { ok: false; detail: string };

/**
 * A StatusCheck with Chaos Mesh's semantics: HTTP requests every `interval`, counting
 * consecutive successes and failures. Synchronous: done at `successThreshold` successes, failed
 * at `failureThreshold` failures, failed when the deadline comes first. Continuous: checks until
 * the deadline (or the workflow ends) and fails only at `failureThreshold` failures.
 */
export async function runStatusCheck(
  step: StepOf<'StatusCheck'>,
  runtime: Pick<StepRuntime, 'clock' | 'http'>,
  signal: AbortSignal,
): Promise<StatusCheckOutcome> {
  let successes = 0;
  let failures = 0;
  let last = 'no check ran';
  while (!signal.aborted) {
    const answer = await runtime.http({
      method: step.http.method,
      url: step.http.url,
      headers: step.http.headers,
      ...(step.http.body !== undefined ? { body: step.http.body } : {}),
      timeoutMs: step.timeoutMs,
    });
    const ok = step.http.statusCodes.includes(answer.status);
    last =
      answer.status === 0
        ? `no answer (${answer.error ?? 'unknown'})`
        : `HTTP ${answer.status}${ok ? '' : `, expected ${step.http.statusCodes.join(' or ')}`}`;
    if (ok) [successes, failures] = [successes + 1, 0];
    else [successes, failures] = [0, failures + 1];
    if (failures >= step.failureThreshold) {
      return { ok: false, detail: `${failures} consecutive failures of ${step.http.url}: ${last}` };
    }
    if (step.mode === 'Synchronous' && successes >= step.successThreshold) {
      return { ok: true, detail: `${successes} consecutive successes: ${last}` };
    }
    try {
      await runtime.clock.sleep(step.intervalMs, signal);
    } catch {
      break;
    }
  }
  return step.mode === 'Continuous'
    ? { ok: true, detail: `never ${step.failureThreshold} failures in a row; last ${last}` }
    : { ok: false, detail: `no verdict before the deadline (${successes} successes in a row; last ${last})` };
}
