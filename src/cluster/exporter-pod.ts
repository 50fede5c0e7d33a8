import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PodProcessSpec } from './supervisor/index.ts';
import { LOCAL_NAMESPACE, type Pod } from './topology.ts';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));

/**
 * `butterfly exporter`, the local cluster's Prometheus exporter (engine states, replication lag,
 * the N×N connectivity probes): a pod like the others, supervised with the services, on
 * loopback only. `monitoring/prometheus.yml` scrapes it.
 */
export const EXPORTER_POD: Pod = {
  name: 'butterfly-exporter',
  namespace: LOCAL_NAMESPACE,
  labels: { app: 'butterfly-exporter', tier: 'monitoring' },
  address: '127.0.0.1',
  ports: { metrics: 9300 },
};

/** How the supervisor runs the exporter pod for the cluster in `stateDir`. */
export function exporterPodSpec(stateDir: string): PodProcessSpec {
  return {
    id: EXPORTER_POD.name,
    command: process.execPath,
    args: [
      BIN,
      'exporter',
      '--listen',
      `${EXPORTER_POD.address}:${EXPORTER_POD.ports.metrics}`,
      '--state-dir',
      stateDir,
    ],
    env: {},
    logFile: join(stateDir, 'logs', `${EXPORTER_POD.name}.log`),
  };
}
