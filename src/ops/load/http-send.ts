import { Agent, request as httpRequest } from 'node:http';
import type { Send } from '../../chaos/workload/index.ts';

type HttpAnswer = Awaited<ReturnType<Send>>;

/** A Send to one service that can be closed (its keep-alive sockets). */
export interface ServiceSend {
  send: Send;
  close(): void;
}

/**
 * Sends to one service over keep-alive node:http sockets. The load generator shares two cores
 * with the platform it measures, and a bare node:http request costs it noticeably less CPU per
 * request than fetch; every request has its own timeout and never throws (status 0 + reason).
 */
export function serviceSend(
  baseUrl: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  maxSockets = 64,
): ServiceSend {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send: Send = (request) =>
    new Promise<HttpAnswer>((resolve) => {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const outgoing = httpRequest(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: request.method,
          path: request.path,
          headers: {
            ...headers,
            ...request.headers,
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => resolve(failed(error)));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: flatHeaders(response.headers),
              body: parseBody(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      // From the request's start, not the socket's: time spent waiting for a free socket counts.
      const timer = setTimeout(
        () => outgoing.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })),
        timeoutMs,
      );
      outgoing.on('close', () => clearTimeout(timer));
      outgoing.on('error', (error) => resolve(failed(error)));
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

function failed(error: Error & { code?: string }): HttpAnswer {
  return { status: 0, headers: {}, body: undefined, error: error.code ?? error.message };
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
