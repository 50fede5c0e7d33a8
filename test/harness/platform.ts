import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../../src/kit/config/index.ts';
import { SERVICE_NAMES, type ServiceName } from '../../src/kit/platform.ts';
import { runService, type RunningService } from '../../src/kit/server/index.ts';
import { SERVICES } from '../../src/services/index.ts';
import { freePorts } from './free-ports.ts';

/** Six services in this process on free loopback ports, each with its own embedded store. */
export interface TestPlatform {
  urls: Record<ServiceName, string>;
  services: Record<ServiceName, RunningService>;
  stateDir: string;
  /** Calls a service: `call('capsule', 'GET', '/api/v1/capsules?scopeId=…')`. */
  call(service: ServiceName, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/** What to start: `env` adds settings to every service; `only` starts a subset (the others' ports stay closed). */
export interface TestPlatformOptions {
  env?: Record<string, string>;
  only?: readonly ServiceName[];
}

/** Starts the embedded platform (or part of it) for a test, services in parallel. */
export async function startTestPlatform(options: TestPlatformOptions | Record<string, string> = {}): Promise<TestPlatform> {
  const { env = {}, only = SERVICE_NAMES } = isOptions(options) ? options : { env: options };
  const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-test-'));
  const ports = await freePorts(SERVICE_NAMES.length);
  const urls = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}`])) as Record<ServiceName, string>;
  const peerEnv = Object.fromEntries(SERVICE_NAMES.map((name) => [`BUTTERFLY_${name.toUpperCase()}_URL`, urls[name]]));
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
  return {
    urls,
    services,
    stateDir,
    async call(service, method, path, body, headers = {}) {
      const response = await fetch(new URL(path, urls[service]), {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    async stop() {
      await Promise.all(Object.values(services).map((service) => service.shutdown('test finished')));
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function isOptions(value: TestPlatformOptions | Record<string, string>): value is TestPlatformOptions {
  return 'env' in value || 'only' in value;
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 5000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${label} not reached within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
