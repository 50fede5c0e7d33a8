import { TimeoutStrategy, noop, timeout, type IPolicy, type TimeoutPolicy } from 'cockatiel';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import { type CallContext, childTraceparent } from '../../kit/http/index.ts';
import { peerClientName, type ServiceName } from '../../kit/platform/index.ts';
import type { BreakerRegistry } from '../breaker/index.ts';
import {
  DEFAULT_RETRY_OPTIONS,
  boundedRetry,
  isIdempotentRequest,
  type RetryOptions,
} from '../retry/index.ts';
import { PeerServerError, isTransientPeerFailure, peerFailureReason } from './peer-failure.ts';
import { sourceBoundFetch, type PeerFetch } from './source-bound-fetch.ts';

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
  /** Budget of each attempt. */
  timeoutMs: number;
  /** Sent as X-API-Key when the call carries no caller credentials (background work). */
  serviceApiKey?: string;
  /** Retries of idempotent calls (default: DEFAULT_RETRY_OPTIONS). */
  retry?: Readonly<RetryOptions>;
  /** The local address connections leave from (the pod's own address on the local profile). */
  sourceAddress?: string;
  /** The fetch to use; tests and benchmarks pass their own. */
  fetch?: PeerFetch;
}

/**
 * The one way services call each other. Each attempt runs through the named breaker
 * (`<target>-client`) and a timeout; idempotent calls (GET, HEAD, or carrying an idempotency
 * key) are retried around both with jittered backoff, others are tried once. Tenancy,
 * credentials, correlation id and trace context are carried along. Network errors, timeouts and
 * 5xx answers are failures (UpstreamUnavailableError); an open breaker fails at once without
 * touching the network and is never retried; 4xx answers are returned, never retried.
 */
export class PeerClient {
  readonly name: string;
  readonly target: ServiceName;
  readonly #options: PeerClientOptions;
  readonly #breakers: BreakerRegistry;
  readonly #fetch: PeerFetch;
  readonly #timeout: TimeoutPolicy;
  readonly #retry: IPolicy;

  constructor(options: PeerClientOptions, breakers: BreakerRegistry) {
    this.name = peerClientName(options.target);
    this.target = options.target;
    this.#options = options;
    this.#breakers = breakers;
    this.#fetch = options.fetch ?? (options.sourceAddress ? sourceBoundFetch(options.sourceAddress) : fetch);
    // Aggressive: the attempt ends at the timeout whatever the transport does. abortOnReturn off:
    // the body is read inside the attempt, and aborting a finished call costs an AbortError (a
    // DOMException with its stack), most of the policy's cost per call.
    this.#timeout = timeout(options.timeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    this.#retry = boundedRetry(options.retry ?? DEFAULT_RETRY_OPTIONS, isTransientPeerFailure);
    breakers.get(this.name);
  }

  /** GET a path on the peer. */
  get<T>(path: string, context: CallContext): Promise<PeerResponse<T>> {
    return this.request<T>('GET', path, undefined, context);
  }

  /** POST a JSON body to the peer; retried only when `headers` carry an idempotency key. */
  post<T>(
    path: string,
    body: unknown,
    context: CallContext,
    headers: Record<string, string> = {},
  ): Promise<PeerResponse<T>> {
    return this.request<T>('POST', path, body, context, headers);
  }

  /** Sends one request: retry (idempotent only) around breaker and timeout. */
  async request<T>(
    method: string,
    path: string,
    body: unknown,
    context: CallContext,
    extraHeaders: Record<string, string> = {},
  ): Promise<PeerResponse<T>> {
    const breaker = this.#breakers.get(this.name);
    const payload = body !== undefined ? JSON.stringify(body) : undefined;
    const retry = isIdempotentRequest(method, extraHeaders) ? this.#retry : noop;
    // Built per attempt (each is its own span) and only for attempts the breaker lets through.
    const attempt = (signal: AbortSignal): Promise<PeerResponse<T>> =>
      this.#send<T>(
        new URL(path, this.#options.baseUrl),
        method,
        { ...this.#headers(context, payload !== undefined), ...extraHeaders },
        payload,
        signal,
      );
    try {
      return await retry.execute(() =>
        breaker.execute((signal) => this.#timeout.execute(({ signal: timed }) => attempt(timed), signal)),
      );
    } catch (error) {
      throw new UpstreamUnavailableError(this.target, peerFailureReason(error, this.#options.timeoutMs), 5, {
        cause: error,
      });
    }
  }

  async #send<T>(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<PeerResponse<T>> {
    const response = await this.#fetch(url, {
      method,
      headers,
      signal,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    if (response.status >= 500) throw new PeerServerError(response.status);
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
    };
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
