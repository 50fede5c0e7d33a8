import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../../src/kit/config/index.ts';
import { SERVICE_NAMES, type ServiceName } from '../../src/kit/platform/index.ts';
import { runService, type RunningService } from '../../src/host/index.ts';
import { SERVICES } from '../../src/services/index.ts';
import { freePorts } from './free-ports.ts';

/** A service's answer, its body parsed from JSON (checked field by field in tests). */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** A manual breaker transition of `/actuator/circuitbreakers/{name}/{action}`. */
export type BreakerAction = 'forceOpen' | 'forceClose' | 'reset';

/** Services of the platform in this process on free loopback ports, each with its own embedded store. */
export interface TestPlatform {
  /** Every service's URL, also of those not started (nothing listens there). */
  urls: Record<ServiceName, string>;
  /** The started services. */
  services: Record<ServiceName, RunningService>;
  stateDir: string;
  /** Calls a service: `call('capsule', 'GET', '/api/v1/capsules?scopeId=…', undefined, tenant('acme'))`. */
  call(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  /** Forces or resets one of a service's breakers: `breaker('nexus', 'capsule-client', 'forceOpen')`. */
  breaker(service: ServiceName, name: string, action: BreakerAction): Promise<Answer>;
  stop(): Promise<void>;
}

/** What to start: `env` adds settings to every service (and wins); `only` starts a subset. */
export interface TestPlatformOptions {
  env?: Record<string, string>;
  only?: readonly ServiceName[];
  /** Headers every `call` carries unless it sets them itself, e.g. `tenant('acme')`. */
  headers?: Record<string, string>;
}

/** The header that makes a call act for a tenant. */
export function tenant(name: string): Record<string, string> {
  return { 'x-tenant-id': name };
}

/** Starts the embedded platform (or part of it) for a test, services in parallel. */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const { env = {}, only = SERVICE_NAMES, headers: defaultHeaders = {} } = options;
  const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-test-'));
  const ports = await freePorts(SERVICE_NAMES.length);
  const urls = Object.fromEntries(
    SERVICE_NAMES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}`]),
  ) as Record<ServiceName, string>;
  const peerEnv = Object.fromEntries(
    SERVICE_NAMES.map((name) => [`BUTTERFLY_${name.toUpperCase()}_URL`, urls[name]]),
  );
  const services = {} as Record<ServiceName, RunningService>;
  const started = await Promise.allSettled(
    only.map(async (name) => {
      const config = loadServiceConfig(name, {
        BUTTERFLY_STATE_DIR: stateDir,
        BUTTERFLY_PORT: String(ports[SERVICE_NAMES.indexOf(name)]),
        BUTTERFLY_LOG_LEVEL: 'warn',
        BUTTERFLY_OUTBOX_INTERVAL: '50ms',
        ...peerEnv,
        ...env,
      });
      services[name] = await runService(SERVICES[name], config);
    }),
  );
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(Object.values(services).map((service) => service.shutdown('test setup failed')));
    rmSync(stateDir, { recursive: true, force: true });
    throw failed.reason;
  }
  const call: TestPlatform['call'] = async (service, method, path, body, headers = {}) => {
    const response = await fetch(new URL(path, urls[service]), {
      method,
      headers: {
        ...defaultHeaders,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    urls,
    services,
    stateDir,
    call,
    breaker: (service, name, action) => call(service, 'POST', `/actuator/circuitbreakers/${name}/${action}`),
    async stop() {
      await Promise.all(Object.values(services).map((service) => service.shutdown('test finished')));
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${label} not reached within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
