// A real Kubernetes control plane for the chart suite, on loopback: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler and kwok (simulated nodes and pods), all on 127.0.9.1
// (the local profile uses 127.0.1–4.x), started for a run and torn down after.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { reaches } from '../tcp-probe.ts';
import { K8S_VERSION } from './k8s-binaries.ts';
import {
  apiserverArgs,
  controllerManagerArgs,
  CONTROL_PLANE_ADDRESS,
  etcdArgs,
  kwokArgs,
  PORTS,
  quickStages,
  schedulerArgs,
  type Credentials,
} from './control-plane-flags.ts';

const run = promisify(execFile);

export { CONTROL_PLANE_ADDRESS } from './control-plane-flags.ts';

/** A running control plane. */
export interface ControlPlane {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly server: string;
  /** Milliseconds from the first process started to the API answering and the nodes Ready. */
  readonly startedMs: number;
  /** Runs kubectl against it; rejects on a non-zero exit with its stderr. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Options of startControlPlane. */
export interface ControlPlaneOptions {
  binDir: string;
  /** Simulated nodes (kwok), each with room for the whole platform. */
  nodes?: number;
  log?: (line: string) => void;
}

/** Starts etcd, the API server, the controller manager, the scheduler and kwok; waits for Ready nodes. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const log = options.log ?? (() => {});
  const busy = await reaches({ host: CONTROL_PLANE_ADDRESS, port: PORTS.apiserver });
  if (busy)
    throw new Error(`${CONTROL_PLANE_ADDRESS}:${PORTS.apiserver} is in use: another control plane runs`);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'butterfly-k8s-'));
  const files = writeCredentials(dir);
  const processes: ChildProcess[] = [];
  const bin = (name: string) => join(options.binDir, name);
  const launch = (name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const out = openSync(join(dir, `${name}.log`), 'a');
    const child = spawn(command, args, { stdio: ['ignore', out, out], env: { ...process.env, ...env } });
    child.on('error', (error) => log(`${name}: ${error.message}`));
    processes.push(child);
    return child;
  };
  const kubectl = async (args: readonly string[], input?: string) => {
    const child = execFile(bin('kubectl'), ['--kubeconfig', files.kubeconfig, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
    return new Promise<string>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) =>
        code === 0
          ? resolve(stdout)
          : reject(new Error(`kubectl ${args.join(' ')}: exit ${code}\n${stderr}`)),
      );
    });
  };
  const plane: ControlPlane = {
    dir,
    kubeconfig: files.kubeconfig,
    server: files.server,
    startedMs: 0,
    kubectl,
    stop: () => stopAll(processes, dir),
  };
  try {
    launch('etcd', bin('etcd'), etcdArgs(dir));
    await waitFor('etcd', () => reaches({ host: CONTROL_PLANE_ADDRESS, port: PORTS.etcdClient }), 20_000);
    launch('kube-apiserver', bin('kube-apiserver'), apiserverArgs(dir, files));
    await waitFor(
      'kube-apiserver',
      () =>
        kubectl(['get', '--raw', '/readyz']).then(
          () => true,
          () => false,
        ),
      90_000,
    );
    log(`kube-apiserver ${K8S_VERSION} ready at ${files.server}`);
    launch('kube-controller-manager', bin('kube-controller-manager'), controllerManagerArgs(files));
    launch('kube-scheduler', bin('kube-scheduler'), schedulerArgs(files));
    launch('kwok', bin('kwok'), kwokArgs(files, quickStages(dir)));
    await createNodes(kubectl, options.nodes ?? 3);
    await waitFor('Ready nodes', () => nodesReady(kubectl, options.nodes ?? 3), 60_000);
    await waitFor(
      'default ServiceAccount',
      () =>
        kubectl(['get', 'sa', 'default']).then(
          () => true,
          () => false,
        ),
      60_000,
    );
    return { ...plane, startedMs: performance.now() - started };
  } catch (error) {
    await plane.stop();
    throw error;
  }
}

function writeCredentials(dir: string): Credentials {
  const pki = join(dir, 'pki');
  mkdirSync(pki, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saKey = join(pki, 'sa.key');
  const saPub = join(pki, 'sa.pub');
  writeFileSync(saKey, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
  const token = randomBytes(24).toString('hex');
  const tokens = join(pki, 'tokens.csv');
  writeFileSync(tokens, `${token},butterfly-test-admin,1000,"system:masters"\n`);
  const server = `https://${CONTROL_PLANE_ADDRESS}:${PORTS.apiserver}`;
  const kubeconfig = join(dir, 'kubeconfig');
  // The API server's certificate is self-signed at start; loopback only, so it is not verified.
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: butterfly-test\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
      `users:\n- name: admin\n  user:\n    token: ${token}`,
      'contexts:\n- name: butterfly-test\n  context:\n    cluster: butterfly-test\n    user: admin',
      'current-context: butterfly-test',
      '',
    ].join('\n'),
  );
  return { kubeconfig, server, token, saKey, saPub, tokens, certDir: join(pki, 'apiserver') };
}

/** Simulated nodes with the capacity the platform requests (cpu, memory, disk, pods). */
async function createNodes(kubectl: ControlPlane['kubectl'], count: number): Promise<void> {
  const capacity = { cpu: '32', memory: '128Gi', 'ephemeral-storage': '500Gi', pods: '110' };
  const nodes = Array.from({ length: count }, (_, n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `kwok-node-${n}`,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        type: 'kwok',
        'kubernetes.io/hostname': `kwok-node-${n}`,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': `zone-${n}`,
      },
    },
    status: { capacity, allocatable: capacity },
  }));
  await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: nodes }));
}

async function nodesReady(kubectl: ControlPlane['kubectl'], count: number): Promise<boolean> {
  const out = await kubectl([
    'get',
    'nodes',
    '-o',
    'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}',
  ]);
  return out.split(/\s+/).filter((status) => status === 'True').length >= count;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms`);
}

/** SIGTERM in reverse start order, SIGKILL after 10 s, then the run's directory goes. */
async function stopAll(processes: ChildProcess[], dir: string): Promise<void> {
  for (const child of [...processes].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (process.env.BUTTERFLY_K8S_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

/** Runs a binary to completion, for helm and friends; rejects with its stderr. */
export async function runBinary(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; code?: number };
    throw new Error(
      `${file} ${args.join(' ')}: exit ${failed.code}\n${failed.stderr ?? ''}${failed.stdout ?? ''}`,
    );
  }
}
