import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../kit/time/index.ts';
import type { Collector } from './collectors/index.ts';
import { EXPOSITION_CONTENT_TYPE, render } from './exposition.ts';
import { scrape } from './scrape.ts';
import { singleFlight } from './single-flight.ts';

/** Options of the exporter's HTTP server. */
export interface ExporterServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  collectors: readonly Collector[];
  clock: Clock;
  /** The scrape deadline; Prometheus' default scrape timeout is 10 s, ours stays well under. */
  deadlineMs?: number;
}

/** The running exporter. */
export interface ExporterServer {
  /** e.g. `http://127.0.0.1:9300`. */
  url: string;
  close(): Promise<void>;
}

/** The default scrape deadline: every collector answers or is dropped within 2 s. */
export const DEFAULT_SCRAPE_DEADLINE_MS = 1800;

/**
 * Serves `/metrics` (one scrape per request; concurrent requests share the scrape in flight, so
 * two Prometheus servers do not double the probes), `/-/healthy` and a short index at `/`.
 */
export async function startExporterServer(options: ExporterServerOptions): Promise<ExporterServer> {
  const metrics = singleFlight(() =>
    scrape(options.collectors, {
      clock: options.clock,
      deadlineMs: options.deadlineMs ?? DEFAULT_SCRAPE_DEADLINE_MS,
    }).then(render),
  );
  const server = createServer((request, response) => {
    handle(request, response, metrics).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`scrape failed: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: () => Promise<string>,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://exporter').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
    response.end('method not allowed\n');
    return;
  }
  if (path === '/metrics') {
    const body = await metrics();
    response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE });
    response.end(body);
    return;
  }
  if (path === '/-/healthy') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok\n');
    return;
  }
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('butterfly exporter: /metrics (Prometheus text format), /-/healthy\n');
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found\n');
}
