import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClusterState, addHostsBlock, removeHostsBlock } from '../../cluster/index.ts';

/** Marks that the runner (not `up --hosts`) wrote the hosts block, so cleanup knows to remove it. */
function journalPath(stateDir: string): string {
  return join(stateDir, 'chaos', 'runner-hosts-block');
}

/** True when every service pod's name resolves to its address. */
export async function serviceNamesResolve(stateDir: string): Promise<boolean> {
  const state = readClusterState(stateDir);
  const services = state?.pods.filter(({ pod }) => pod.service) ?? [];
  const answers = await Promise.all(
    services.map(async ({ pod }) => {
      try {
        return (await lookup(pod.name, { family: 4 })).address === pod.address;
      } catch {
        return false;
      }
    }),
  );
  return services.length > 0 && answers.every(Boolean);
}

/**
 * Makes the cluster's pod names resolve for the run (probes and Tasks use them, as in the
 * runbook). A cluster started with `up --hosts` already has them; otherwise the pods are
 * written into /etc/hosts — journaled first, so `chaos cleanup` removes the block even after a
 * SIGKILLed runner. Returns the undo (a no-op when nothing was added).
 */
export async function ensureServiceNames(stateDir: string, hostsFile = '/etc/hosts'): Promise<() => void> {
  if (await serviceNamesResolve(stateDir)) return () => undefined;
  const state = readClusterState(stateDir);
  if (!state) return () => undefined;
  mkdirSync(join(stateDir, 'chaos'), { recursive: true });
  writeFileSync(journalPath(stateDir), `${hostsFile}\n`);
  addHostsBlock(
    state.pods.map(({ pod }) => pod),
    hostsFile,
  );
  return () => releaseServiceNames(stateDir, hostsFile);
}

/** Removes a hosts block the runner added (none when `up --hosts` owns it); true when one was removed. */
export function releaseServiceNames(stateDir: string, hostsFile = '/etc/hosts'): boolean {
  if (!existsSync(journalPath(stateDir))) return false;
  if (!readClusterState(stateDir)?.hostsFile) removeHostsBlock(hostsFile);
  rmSync(journalPath(stateDir), { force: true });
  return true;
}
