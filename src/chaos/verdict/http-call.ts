import type { Clock } from '../../kit/time/index.ts';
import type { HttpAnswer } from './probe-answer.ts';

/** The part of `fetch` the chaos engine uses, so tests can answer without a network. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** One HTTP request of a probe, a check or the workload. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  timeoutMs: number;
}

/**
 * Sends one request and never throws: a refused, reset or timed-out request is an answer with
 * status 0 and the reason. The timeout runs on the injected clock, so fake time drives it.
 */
export async function httpCall(fetch: FetchLike, clock: Clock, request: HttpRequest): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = clock.schedule(request.timeoutMs, () =>
    controller.abort(new Error(`no answer within ${request.timeoutMs}ms`)),
  );
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    // Header names are case-insensitive: a probe's own `Content-Type` must not be doubled.
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, headers: headersOf(response.headers), body: parseBody(text) };
  } catch (error) {
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
    return { status: 0, headers: {}, body: undefined, error: describeFailure(reason) };
  } finally {
    timer.cancel();
  }
}

function headersOf(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => (record[name] = value));
  return record;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** fetch hides the socket's error code in `cause`; that code is what a person needs. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
