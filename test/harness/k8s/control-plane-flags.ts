// The command lines of the control plane's components (test/harness/k8s/control-plane.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kwokStagesFile } from './shared-k8s.ts';

/** The loopback address every component binds. */
export const CONTROL_PLANE_ADDRESS = '127.0.9.1';
/** The ports of the components on CONTROL_PLANE_ADDRESS. */
export const PORTS = {
  etcdClient: 2379,
  etcdPeer: 2380,
  apiserver: 6443,
  scheduler: 10259,
  kwok: 10247,
} as const;
/** Simulated addresses only (kwok's pods and Services): nothing binds them, no traffic goes there. */
const SERVICE_CIDR = '198.19.0.0/16';
const POD_CIDR = '198.18.0.0/16';

/** Files and secrets of one run. */
export interface Credentials {
  kubeconfig: string;
  server: string;
  token: string;
  saKey: string;
  saPub: string;
  tokens: string;
  certDir: string;
}

/** etcd: one member, data in the run's directory. */
export function etcdArgs(dir: string): string[] {
  const peer = `http://${CONTROL_PLANE_ADDRESS}:${PORTS.etcdPeer}`;
  const client = `http://${CONTROL_PLANE_ADDRESS}:${PORTS.etcdClient}`;
  return [
    '--name=control-plane',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=control-plane=${peer}`,
  ];
}

/** kube-apiserver: static token, service-account keys, RBAC. */
export function apiserverArgs(dir: string, files: Credentials): string[] {
  return [
    `--etcd-servers=http://${CONTROL_PLANE_ADDRESS}:${PORTS.etcdClient}`,
    `--bind-address=${CONTROL_PLANE_ADDRESS}`,
    `--advertise-address=${CONTROL_PLANE_ADDRESS}`,
    `--secure-port=${PORTS.apiserver}`,
    `--cert-dir=${files.certDir}`,
    `--token-auth-file=${files.tokens}`,
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${files.saPub}`,
    `--service-account-signing-key-file=${files.saKey}`,
    // The `kubernetes` Service's endpoints may not be a loopback address.
    '--endpoint-reconciler-type=none',
    '--authorization-mode=RBAC',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--allow-privileged=true',
    `--audit-log-path=${join(dir, 'audit.log')}`,
    '--audit-log-maxsize=50',
  ];
}

/** kube-controller-manager: every default controller, no leader election, no serving port. */
export function controllerManagerArgs(files: Credentials): string[] {
  return [
    `--kubeconfig=${files.kubeconfig}`,
    `--authentication-kubeconfig=${files.kubeconfig}`,
    `--authorization-kubeconfig=${files.kubeconfig}`,
    `--service-account-private-key-file=${files.saKey}`,
    `--root-ca-file=${join(files.certDir, 'apiserver.crt')}`,
    '--leader-elect=false',
    '--use-service-account-credentials=false',
    `--bind-address=${CONTROL_PLANE_ADDRESS}`,
    '--secure-port=0',
    '--concurrent-statefulset-syncs=10',
  ];
}

/** kube-scheduler: no leader election. */
export function schedulerArgs(files: Credentials): string[] {
  return [
    `--kubeconfig=${files.kubeconfig}`,
    `--authentication-kubeconfig=${files.kubeconfig}`,
    `--authorization-kubeconfig=${files.kubeconfig}`,
    '--leader-elect=false',
    `--bind-address=${CONTROL_PLANE_ADDRESS}`,
    `--secure-port=${PORTS.scheduler}`,
  ];
}

/** kwok: manages the nodes annotated kwok.x-k8s.io/node=fake with the given stages. */
export function kwokArgs(files: Credentials, stages: string): string[] {
  return [
    `--kubeconfig=${files.kubeconfig}`,
    `--config=${stages}`,
    '--manage-all-nodes=false',
    '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    `--cidr=${POD_CIDR}`,
    '--node-ip=198.18.255.1',
    `--server-address=${CONTROL_PLANE_ADDRESS}:${PORTS.kwok}`,
  ];
}

/**
 * The shared kwok stages with their pod delays cut from 1 s + up to 5 s of jitter to 100 ms and
 * none, and deletions not held for the grace period: the same stages in the same order, so a rollout on a loaded machine takes seconds, not
 * minutes. Written into the run's directory; the shared file is only read.
 */
export function quickStages(dir: string): string {
  const text = readFileSync(kwokStagesFile(), 'utf8')
    .replace(/jitterDurationMilliseconds: \d+/g, 'jitterDurationMilliseconds: 0')
    .replace(/durationMilliseconds: 1000\b/g, 'durationMilliseconds: 100')
    // pod-delete waits until deletionTimestamp (the grace period: 120 s for Cassandra); a kwok
    // pod has nothing to drain, so it goes at once.
    .replace(/\n {4}jitterDurationFrom:\n {6}expressionFrom: '\.metadata\.deletionTimestamp'/g, '');
  const file = join(dir, 'kwok-stages.yaml');
  writeFileSync(file, text);
  return file;
}
