// Where the chart suite's control-plane binaries are, and building them when they are missing
// (test/harness/k8s/build-binaries.sh: Go module proxy only, cached by version).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Kubernetes version the harness builds and runs (kube-apiserver, kubectl, …). */
export const K8S_VERSION = 'v1.37.2';

/** Every binary the harness runs, by name in the cache's bin directory. */
export const K8S_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
  'helm',
  'helm3',
] as const;

/** One of the harness's binaries. */
export type K8sBinary = (typeof K8S_BINARIES)[number];

const BUILD_SCRIPT = fileURLToPath(new URL('./build-binaries.sh', import.meta.url));

/** The cache root of the harness: `${BUTTERFLY_CACHE_DIR:-/var/cache/butterfly}/k8s`. */
export function k8sCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.BUTTERFLY_CACHE_DIR ?? '/var/cache/butterfly', 'k8s');
}

/** The directory of the cached binaries of K8S_VERSION. */
export function k8sBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(k8sCacheDir(env), K8S_VERSION, 'bin');
}

/** The binaries not yet in the cache. */
export function missingBinaries(binDir = k8sBinDir()): K8sBinary[] {
  return K8S_BINARIES.filter((name) => {
    try {
      accessSync(join(binDir, name), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

/** Timings of ensureBinaries: zero build time when every binary was cached. */
export interface BinariesReady {
  binDir: string;
  builtMs: number;
  built: readonly K8sBinary[];
}

/**
 * Builds what is missing (minutes on a cold cache: kube-apiserver alone ~14 min on 2 cores) and
 * returns where the binaries are. Rejects when the build fails: the suite fails, never skips.
 */
export async function ensureBinaries(log: (line: string) => void = () => {}): Promise<BinariesReady> {
  const binDir = k8sBinDir();
  const missing = missingBinaries(binDir);
  if (missing.length === 0) return { binDir, builtMs: 0, built: [] };
  log(`building ${missing.join(', ')} into ${binDir} (cold: ~20 min)`);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [BUILD_SCRIPT], { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.startsWith('[k8s-build')) log(line);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`build-binaries.sh exited ${code}:\n${tail}`)),
    );
  });
  const still = missingBinaries(binDir);
  if (still.length > 0) throw new Error(`build-binaries.sh left out ${still.join(', ')}`);
  return { binDir, builtMs: performance.now() - started, built: missing };
}
