import { request } from 'node:http';
import type { ServiceName } from '../../kit/platform/index.ts';
import type { HealthStatus, ServiceHealth } from './observations.ts';

const STATUSES = new Set(['UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN']);
const ENGINE_COMPONENTS = ['cassandra', 'db', 'redis'] as const;

interface HealthBody {
  status?: string;
  components?: Record<string, { status?: string; details?: Record<string, { state?: string }> }>;
}

const statusOf = (text: string | undefined): HealthStatus =>
  text !== undefined && STATUSES.has(text) ? (text as HealthStatus) : 'UNKNOWN';

/** Reads a health body (200 or 503 alike) into the parts status shows. */
export function parseServiceHealth(service: ServiceName, pod: string, body: HealthBody): ServiceHealth {
  const components: ServiceHealth['components'] = {};
  for (const name of ENGINE_COMPONENTS) {
    const component = body.components?.[name];
    if (component) components[name] = statusOf(component.status);
  }
  const openBreakers: Record<string, string> = {};
  for (const [name, snapshot] of Object.entries(body.components?.circuitBreakers?.details ?? {})) {
    const state = snapshot?.state;
    if (state && state !== 'CLOSED' && state !== 'FORCED_CLOSED') openBreakers[name] = state;
  }
  return { service, pod, status: statusOf(body.status), components, openBreakers };
}

/** GETs a body within `timeoutMs` on a connection of its own (no keep-alive holding the CLI open). */
export function getText(
  url: string,
  timeoutMs: number,
  accept = 'text/plain',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: false, headers: { accept }, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', reject);
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.once('error', reject);
    req.end();
  });
}

/** GETs a JSON body within `timeoutMs` (200 and 503 alike: a health body says why). */
export async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  return JSON.parse((await getText(url, timeoutMs, 'application/json')).body);
}

/** GETs a service's `/actuator/health` within `timeoutMs`; UNREACHABLE when no parsable answer came. */
export async function serviceHealth(
  service: ServiceName,
  pod: string,
  baseUrl: string,
  timeoutMs: number,
): Promise<ServiceHealth> {
  try {
    return parseServiceHealth(
      service,
      pod,
      (await getJson(`${baseUrl}/actuator/health`, timeoutMs)) as HealthBody,
    );
  } catch {
    return { service, pod, status: 'UNREACHABLE', components: {}, openBreakers: {} };
  }
}
