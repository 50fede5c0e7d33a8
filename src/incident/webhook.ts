import type { Clock } from '../kit/time/index.ts';

/** Options of one webhook delivery. */
export interface WebhookOptions {
  clock: Clock;
  /** Attempts in all, first included; default 3. */
  attempts?: number;
  /** Wait before the second attempt, doubled for each further one; default 1 s. */
  backoffMs?: number;
  /** How long one attempt may take; default 5 s. */
  attemptTimeoutMs?: number;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
}

/** How a delivery went. Its `error` never contains the URL. */
export type WebhookDelivery =
  { delivered: true; attempts: number } | { delivered: false; attempts: number; error: string };

/**
 * POSTs `payload` as JSON, retrying network errors, 429 and 5xx with a doubling backoff, a
 * bounded number of times; other 4xx are final (retrying cannot fix them).
 */
export async function deliverWebhook(
  url: string,
  payload: unknown,
  options: WebhookOptions,
): Promise<WebhookDelivery> {
  const attempts = options.attempts ?? 3;
  const send = options.fetch ?? fetch;
  let error = 'not attempted';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) await options.clock.sleep((options.backoffMs ?? 1000) * 2 ** (attempt - 2));
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'butterfly-incident' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 5000),
      });
      await response.body?.cancel();
      if (response.ok) return { delivered: true, attempts: attempt };
      error = `answered ${response.status}`;
      if (response.status < 500 && response.status !== 429)
        return { delivered: false, attempts: attempt, error };
    } catch (failure) {
      error = scrub(describe(failure), url);
    }
  }
  return { delivered: false, attempts, error };
}

/**
 * The URL as it may be shown: scheme, host and port only. Webhook URLs carry their secret in
 * the path (`/services/T…/B…/…`), the query (`?token=`) or the userinfo.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname !== '/' || parsed.search !== '' || parsed.username !== '' ? '/…' : '';
    return `${parsed.protocol}//${parsed.host}${hidden}`;
  } catch {
    return '(invalid URL)';
  }
}

function describe(failure: unknown): string {
  const error = failure as Error & { cause?: Error };
  return error.cause?.message
    ? `${error.message}: ${error.cause.message}`
    : (error.message ?? String(failure));
}

function scrub(text: string, url: string): string {
  return text.split(url).join(redactUrl(url));
}
