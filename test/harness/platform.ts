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

/** Starts the embedded platform for a test; `env` adds settings to every service. */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const stateDir = mkdtempSync(join(tmpdir(), 'butterfly-test-'));
  const ports = await freePorts(SERVICE_NAMES.length);
  const urls = Object.fromEntries(SERVICE_NAMES.map((name, i) => [name, `http://127.0.0.1:${ports[i]}`])) as Record<ServiceName, string>;
  const peerEnv = Object.fromEntries(SERVICE_NAMES.map((name) => [`BUTTERFLY_${name.toUpperCase()}_URL`, urls[name]]));
  const services = {} as Record<ServiceName, RunningService>;
  try {
    for (const [i, name] of SERVICE_NAMES.entries()) {
      const config = loadServiceConfig(name, {
        BUTTERFLY_STATE_DIR: stateDir,
        BUTTERFLY_PORT: String(ports[i]),
        BUTTERFLY_LOG_LEVEL: 'warn',
        BUTTERFLY_OUTBOX_INTERVAL: '50ms',
        ...peerEnv,
        ...env,
      });
      services[name] = await runService(SERVICES[name], config);
    }
  } catch (error) {
    await Promise.all(Object.values(services).map((service) => service.shutdown('test setup failed')));
    throw error;
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
