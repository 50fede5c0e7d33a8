// A deliberately broken ODYSSEY for the chaos suite's negative test: a copy of the repo's source
// whose orchestrate fallback answers 500 instead of serving its cache (or 503), run in place of
// the real odyssey-core pod with the same environment the supervisor gives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readClusterState } from '../../../src/cluster/cluster-state.ts';
import { servicePodSpecs } from '../../../src/cluster/embedded-cluster.ts';
import { localTopology } from '../../../src/cluster/local/index.ts';
import { holdPod, releasePod } from '../../../src/cluster/pod-holds.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ORCHESTRATOR = 'src/services/odyssey/scope-orchestrator.ts';
const POD = 'odyssey-core';

/** The line the patch replaces: the cache lookup that makes the partition fallback work. */
const FALLBACK = 'const cached = this.#deps.cache.get(tenant, scopeId);';
const BROKEN = "throw new Error('broken fallback: chaos negative test');";

/** Copies the repo's runnable parts to a temp dir and breaks the fallback there; returns the copy's root. */
export function buildBrokenOdyssey(): string {
  const root = mkdtempSync(join(tmpdir(), 'butterfly-broken-odyssey-'));
  for (const part of ['src', 'bin', 'package.json'])
    cpSync(join(REPO, part), join(root, part), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  const file = join(root, ORCHESTRATOR);
  const text = readFileSync(file, 'utf8');
  const patched = text.replace(FALLBACK, BROKEN);
  if (patched === text || !patched.includes(BROKEN)) {
    throw new Error(`the patch did not apply: '${FALLBACK}' is not in ${ORCHESTRATOR} any more`);
  }
  writeFileSync(file, patched);
  return root;
}

/** Stops the real odyssey-core (held down so the supervisor leaves it) and runs the broken copy on its address. */
export async function swapInBrokenOdyssey(stateDir: string, root: string): Promise<() => Promise<void>> {
  holdPod(stateDir, POD, 'chaos negative test: a broken ODYSSEY runs in its place');
  const pid = readClusterState(stateDir)?.pods.find((entry) => entry.pod.name === POD)?.status?.pid;
  if (pid) {
    process.kill(pid, 'SIGTERM');
    await until(() => !alive(pid), 20_000, `${POD} (pid ${pid}) to stop`);
  }
  const spec = servicePodSpecs(localTopology(), stateDir).find((candidate) => candidate.id === POD)!;
  const child: ChildProcess = spawn(spec.command, [join(root, 'bin/butterfly.js'), ...spec.args.slice(1)], {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await until(
    async () => {
      try {
        return (await fetch('http://127.0.1.3:8080/actuator/health/readiness')).status === 200;
      } catch {
        return false;
      }
    },
    120_000,
    'the broken odyssey to be ready',
  );
  return async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await until(
      () => child.exitCode !== null || child.signalCode !== null,
      20_000,
      'the broken odyssey to stop',
    );
    releasePod(stateDir, POD);
    rmSync(root, { recursive: true, force: true });
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
