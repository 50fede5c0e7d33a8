// The machine's shared Kubernetes material, read in place and never copied into the project:
// `<project>/../shared/k8s` (the CRDs of Chaos Mesh and prometheus-operator, kwok's stages).
// BUTTERFLY_SHARED_DIR points elsewhere, e.g. from a git worktree that is not beside it.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { k8sCacheDir } from './k8s-binaries.ts';

const run = promisify(execFile);
const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));

/** The prometheus-operator release the shared CRDs are from (operator.prometheus.io/version). */
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';

/** `<shared>/k8s`. */
export function sharedK8sDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.BUTTERFLY_SHARED_DIR ?? resolve(PROJECT, '..', 'shared'), 'k8s');
}

/** kwok's stage configuration (node fast, heartbeat, pod general). */
export function kwokStagesFile(): string {
  return join(sharedK8sDir(), 'kwok-stages.yaml');
}

/** Every shared CRD file: `<shared>/k8s/crds/*.yaml`. */
export function sharedCrdFiles(): string[] {
  const dir = join(sharedK8sDir(), 'crds');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * prometheus-operator's example CRD directory at the shared CRDs' version, from the Go module
 * proxy (the module zip carries it) into the harness's module cache. The shared folder has no
 * Probe CRD; the chart's Probe is validated against this one, and the test checks that the
 * module's copies of the shared three are byte for byte the shared files.
 */
export async function prometheusOperatorCrdDir(): Promise<string> {
  const module = `github.com/prometheus-operator/prometheus-operator@${PROMETHEUS_OPERATOR_VERSION}`;
  const cache = k8sCacheDir();
  const { stdout } = await run('go', ['mod', 'download', '-json', module], {
    cwd: cache,
    env: { ...process.env, GOMODCACHE: join(cache, 'go-mod'), GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const { Dir, Error: failure } = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!Dir) throw new Error(`go mod download ${module}: ${failure ?? 'no directory'}`);
  return join(Dir, 'example', 'prometheus-operator-crd');
}
