import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import type { CallContext } from '../../kit/http/call-context.ts';
import { childTraceparent } from '../../kit/http/call-context.ts';
import { peerClientName, type ServiceName } from '../../kit/platform.ts';
import { BreakerOpenError, type BreakerRegistry } from '../breaker/index.ts';

/** A peer's answer that was not a failure: 2xx, 3xx or 4xx (4xx is the caller's problem, not the peer's). */
export interface PeerResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** How to reach one peer service. */
export interface PeerClientOptions {
  target: ServiceName;
  baseUrl: string;
  timeoutMs: number;
  /** Sent as X-API-Key when the call carries no caller credentials (background work). */
  serviceApiKey?: string;
  /** The fetch to use; tests and benchmarks pass their own. */
  fetch?: typeof fetch;
}

/** Thrown inside the breaker for a 5xx answer so it counts as a failure. */
class PeerServerError extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`answered ${status}`);
    this.status = status;
  }
}

/**
 * The one way services call each other: a named breaker (`<target>-client`) and a timeout
 * around every call, tenancy, credentials, correlation id and trace context carried along.
 * Network errors, timeouts and 5xx answers are failures (UpstreamUnavailableError); an open
 * breaker fails at once without touching the network.
 */
export class PeerClient {
  readonly name: string;
  readonly target: ServiceName;
  readonly #options: PeerClientOptions;
  readonly #breakers: BreakerRegistry;
  readonly #fetch: typeof fetch;

  constructor(options: PeerClientOptions, breakers: BreakerRegistry) {
    this.name = peerClientName(options.target);
    this.target = options.target;
    this.#options = options;
    this.#breakers = breakers;
    this.#fetch = options.fetch ?? fetch;
    breakers.get(this.name);
  }

  /** GET a path on the peer. */
  get<T>(path: string, context: CallContext): Promise<PeerResponse<T>> {
    return this.request<T>('GET', path, undefined, context);
  }

  /** POST a JSON body to the peer. */
  post<T>(
    path: string,
    body: unknown,
    context: CallContext,
    headers: Record<string, string> = {},
  ): Promise<PeerResponse<T>> {
    return this.request<T>('POST', path, body, context, headers);
  }

  /** Sends one request through the breaker and timeout. */
  async request<T>(
    method: string,
    path: string,
    body: unknown,
    context: CallContext,
    extraHeaders: Record<string, string> = {},
  ): Promise<PeerResponse<T>> {
    const breaker = this.#breakers.get(this.name);
    try {
      return await breaker.execute(async (signal) => {
        const response = await this.#fetch(new URL(path, this.#options.baseUrl), {
          method,
          headers: { ...this.#headers(context, body !== undefined), ...extraHeaders },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.#options.timeoutMs)]),
        });
        const text = await response.text();
        if (response.status >= 500) throw new PeerServerError(response.status);
        return {
          status: response.status,
          body: (text ? JSON.parse(text) : undefined) as T,
          headers: response.headers,
        };
      });
    } catch (error) {
      throw new UpstreamUnavailableError(this.target, reasonOf(error, this.#options.timeoutMs), 5, {
        cause: error,
      });
    }
  }

  #headers(context: CallContext, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-tenant-id': context.tenant,
      'x-correlation-id': context.correlationId,
      traceparent: childTraceparent(context.traceparent),
    };
    if (hasBody) headers['content-type'] = 'application/json';
    if (context.authorization) headers.authorization = context.authorization;
    else if (context.apiKey) headers['x-api-key'] = context.apiKey;
    else if (this.#options.serviceApiKey) headers['x-api-key'] = this.#options.serviceApiKey;
    return headers;
  }
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof BreakerOpenError) return 'circuit open';
  if (error instanceof PeerServerError) return error.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs}ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}
