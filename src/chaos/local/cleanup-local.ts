import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heldPods, releasePod } from '../../cluster/index.ts';
import { systemClock, type Clock } from '../../kit/time/index.ts';
import { ChaosCleanupError } from './chaos-local-error.ts';
import {
  chainExists,
  deleteRulesWithComments,
  dropChainIfEmpty,
  listRules,
  type ChaosTable,
} from './iptables/iptables.ts';
import { readEntries, removeEntry } from './journal/journal.ts';
import { stateTag } from './journal/state-tag.ts';
import { describeSteps, remainingSteps, undoSteps } from './journal/undo.ts';
import { markedProcesses, stopChaosProcess } from './process/chaos-process.ts';

const TABLES: readonly ChaosTable[] = ['filter', 'nat'];

/** Pods held down by a chaos fault (their hold file says `chaos <id>`), not by someone else. */
function chaosHolds(stateDir: string): string[] {
  return heldPods(stateDir).filter((pod) => {
    try {
      return readFileSync(join(stateDir, 'holds', pod), 'utf8').startsWith('chaos ');
    } catch {
      return false;
    }
  });
}

/** Our rules, processes and holds of this state folder that are still there, journaled or not. */
async function strays(stateDir: string) {
  const tag = `bfy-chaos:${stateTag(stateDir)}:`;
  const rules = (await Promise.all(TABLES.map(listRules)))
    .flat()
    .filter((rule) => rule.comment?.startsWith(tag));
  const processes = markedProcesses(`--bfy-chaos=${stateTag(stateDir)}:`).filter(
    (info) => info.pid !== process.pid,
  );
  return { rules, processes, holds: chaosHolds(stateDir) };
}

/**
 * Removes every leftover of the local faults of a cluster, also after a SIGKILLed runner: undoes
 * each journal entry (rules, proxies, workers, holds), then sweeps what the journal may have
 * missed — rules in our chains tagged with this state folder, processes carrying its marker —
 * drops our chains once empty, and proves nothing remains (else ChaosCleanupError naming it).
 */
export async function cleanupLocal(
  stateDir: string,
  clock: Clock = systemClock,
): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  const remains: string[] = [];
  const { entries, unreadable } = readEntries(stateDir);
  for (const entry of entries) {
    await undoSteps(stateDir, entry.undo, clock);
    const left = await remainingSteps(stateDir, entry.undo);
    if (left.length > 0) remains.push(...left.map((what) => `${entry.id}: ${what}`));
    else {
      removeEntry(stateDir, entry.id);
      removed.push(`${entry.id} (${entry.description}): ${describeSteps(entry.undo)}`);
    }
  }
  remains.push(...unreadable.map((path) => `unreadable journal entry ${path}`));

  const found = await strays(stateDir);
  for (const table of TABLES) {
    const rules = found.rules.filter((rule) => rule.table === table);
    await deleteRulesWithComments(table, new Set(rules.map((rule) => rule.comment!)));
    removed.push(...rules.map((rule) => `unjournaled iptables -t ${table} rule ${rule.rule.join(' ')}`));
  }
  for (const stray of found.processes) {
    await stopChaosProcess(stray.pid, stray.startTicks, clock);
    removed.push(`unjournaled chaos process ${stray.pid} (${stray.cmdline.slice(0, 120)})`);
  }
  for (const pod of found.holds) {
    releasePod(stateDir, pod);
    removed.push(`unjournaled hold on pod ${pod}`);
  }
  for (const table of TABLES) await dropChainIfEmpty(table);

  const left = await strays(stateDir);
  remains.push(
    ...left.rules.map((rule) => `iptables -t ${rule.table} rule ${rule.rule.join(' ')}`),
    ...left.processes.map((info) => `chaos process ${info.pid}`),
    ...left.holds.map((pod) => `hold on pod ${pod}`),
  );
  if (remains.length > 0) throw new ChaosCleanupError(remains);
  return { removed };
}

/** True when our chain is in no table (no fault of any cluster is in place). */
export async function noChaosChains(): Promise<boolean> {
  for (const table of TABLES) if (await chainExists(table)) return false;
  return true;
}
