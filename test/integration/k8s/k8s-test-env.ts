// What the chart suite's files share: the control plane the global setup started
// (test/harness/k8s/control-plane-setup.ts), and kubectl and helm (v4, and v3 for lint) aimed at it.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The chart, in the project. */
export const CHART_DIR = fileURLToPath(new URL('../../../deploy/helm/butterfly', import.meta.url));
/** The project's root. */
export const PROJECT_DIR = fileURLToPath(new URL('../../../', import.meta.url));
/** The namespace the chart is installed into, as the runbook and chaos/experiments have it. */
export const NAMESPACE = 'butterfly';
/** The release name of the suite's install. */
export const RELEASE = 'butterfly';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the chart suite with npm run test:k8s (its global setup builds and starts the control plane)`,
    );
  }
  return value;
}

/** The kubeconfig of the suite's control plane. */
export const kubeconfig = (): string => required('BUTTERFLY_K8S_KUBECONFIG');
const binDir = (): string => required('BUTTERFLY_K8S_BIN');

/** Build and start times measured by the global setup, in ms. */
export function setupTimings(): { buildMs: number; startMs: number } {
  return JSON.parse(required('BUTTERFLY_K8S_TIMINGS')) as { buildMs: number; startMs: number };
}

// Helm's caches and repositories for this run only, never the user's.
const helmHome = mkdtempSync(join(tmpdir(), 'butterfly-helm-'));
const helmEnv = {
  HELM_CACHE_HOME: join(helmHome, 'cache'),
  HELM_CONFIG_HOME: join(helmHome, 'config'),
  HELM_DATA_HOME: join(helmHome, 'data'),
};

/** The outcome of a command that may fail. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a binary of the cache; resolves with its exit code and output (never rejects on exit). */
export function runTool(name: string, args: readonly string[], input?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      join(binDir(), name),
      args,
      { env: { ...process.env, ...helmEnv, KUBECONFIG: kubeconfig() }, maxBuffer: 128 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message, { cause: error }));
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** Runs a tool and rejects unless it exits 0. */
export async function mustRun(name: string, args: readonly string[], input?: string): Promise<string> {
  const outcome = await runTool(name, args, input);
  if (outcome.code !== 0) {
    throw new Error(`${name} ${args.join(' ')} exited ${outcome.code}:\n${outcome.stderr}${outcome.stdout}`);
  }
  return outcome.stdout;
}

/** kubectl against the suite's cluster. */
export const kubectl = (args: readonly string[], input?: string): Promise<string> =>
  mustRun('kubectl', args, input);

/** A list of objects as JSON. */
export async function getItems<T = KubeObject>(args: readonly string[]): Promise<T[]> {
  return (JSON.parse(await kubectl(['get', ...args, '-o', 'json'])) as { items: T[] }).items;
}

/** The shape of any object the tests read. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    uid?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** Polls `probe` every 250 ms until it returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = performance.now() + ms;
  let last: Error | undefined;
  while (performance.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${ms} ms${last ? ` (${last.message})` : ''}`);
}
