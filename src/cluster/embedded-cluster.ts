import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POD_NAMES, SERVICE_NAMES, type ServiceName } from '../kit/platform/index.ts';
import type { Clock } from '../kit/time/index.ts';
import { writeClusterState } from './cluster-state.ts';
import { holdChecker } from './pod-holds.ts';
import { Supervisor, type PodProcessSpec } from './supervisor/index.ts';
import { embeddedTopology, podUrl, type Topology } from './topology.ts';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));

/** Options of the embedded cluster. */
export interface EmbeddedClusterOptions {
  stateDir: string;
  ports?: Partial<Record<ServiceName, number>>;
  clock: Clock;
  /** Extra environment for every service (e.g. auth settings). */
  env?: Record<string, string>;
}

/** The process specs of a topology's service pods: one `butterfly serve <service>` each, told where its peers are. */
export function servicePodSpecs(
  topology: Topology,
  stateDir: string,
  env: Record<string, string> = {},
): PodProcessSpec[] {
  const services = topology.pods.filter((pod) => pod.service);
  const peers = Object.fromEntries(
    services.map((pod) => [`BUTTERFLY_${pod.service!.toUpperCase()}_URL`, podUrl(pod)]),
  );
  return services.map((pod) => ({
    id: pod.name,
    command: process.execPath,
    args: [BIN, 'serve', pod.service!],
    env: {
      ...env,
      ...peers,
      BUTTERFLY_PROFILE: topology.profile,
      BUTTERFLY_STATE_DIR: stateDir,
      BUTTERFLY_HOST: pod.address,
      BUTTERFLY_PORT: String(pod.ports.http),
    },
    logFile: join(stateDir, 'logs', `${pod.name}.log`),
  }));
}

/** Starts the embedded cluster's supervisor in this process and keeps the state file current. */
export function startEmbeddedSupervisor(options: EmbeddedClusterOptions): Supervisor {
  const topology = embeddedTopology(options.ports ? { ports: options.ports } : {});
  const specs = servicePodSpecs(topology, options.stateDir, options.env);
  const startedAt = options.clock.now();
  const supervisor = new Supervisor({
    specs,
    clock: options.clock,
    isHeld: holdChecker(options.stateDir),
    onChange: (statuses) =>
      writeClusterState({
        profile: 'embedded',
        stateDir: options.stateDir,
        supervisorPid: process.pid,
        startedAt,
        pods: topology.pods.map((pod) => ({
          pod,
          url: podUrl(pod),
          logFile: join(options.stateDir, 'logs', `${pod.name}.log`),
          status: statuses.find((status) => status.id === pod.name),
        })),
      }),
  });
  supervisor.start();
  return supervisor;
}

/** Parses `--ports capsule=9082,odyssey=9083` into per-service ports. */
export function parsePortOverrides(text: string): Partial<Record<ServiceName, number>> | string {
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    const service = SERVICE_NAMES.find((candidate) => candidate === name || POD_NAMES[candidate] === name);
    const port = Number(value);
    if (!service) return `unknown service '${name}' (expected one of ${SERVICE_NAMES.join(', ')})`;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return `port for ${service} must be 1-65535, got '${value}'`;
    ports[service] = port;
  }
  return ports;
}
