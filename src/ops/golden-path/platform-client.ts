import type { ServiceName } from '../../kit/platform/index.ts';

/** An answer from a platform service. */
export interface Answer {
  status: number;
  body: unknown;
}

/** A small HTTP client for operating on a running platform from outside (golden path, status, verify). */
export class PlatformClient {
  readonly #urls: Readonly<Record<ServiceName, string>>;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(urls: Readonly<Record<ServiceName, string>>, headers: Readonly<Record<string, string>> = {}) {
    this.#urls = urls;
    this.#headers = headers;
  }

  /** Sends one request with a timeout; the body is parsed JSON (or undefined). */
  async send(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = 5000,
  ): Promise<Answer> {
    const response = await fetch(new URL(path, this.#urls[service]), {
      method,
      headers: { ...this.#headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text for the report.
    }
    return { status: response.status, body: parsed };
  }
}
