import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { releasePod } from '../../../cluster/pod-holds.ts';
import type { Clock } from '../../../kit/time/index.ts';
import { deleteRule, dropChainIfEmpty, hasRule } from '../iptables/iptables.ts';
import { stopChaosProcess } from '../process/chaos-process.ts';
import { isSameProcessAlive } from '../process/process-table.ts';
import type { Undo } from './journal.ts';

/** A person's name for one undo step, for reports and leftovers. */
export function describeUndo(undo: Undo): string {
  switch (undo.type) {
    case 'iptables-rule':
      return `iptables -t ${undo.table} rule ${undo.rule.join(' ')}`;
    case 'process':
      return `${undo.what} process ${undo.pid}`;
    case 'hold':
      return `hold on pod ${undo.pod}`;
  }
}

/** Undoes one step; a step already undone is fine. */
export async function undoStep(stateDir: string, undo: Undo, clock: Clock): Promise<void> {
  switch (undo.type) {
    case 'iptables-rule':
      return deleteRule(undo);
    case 'process':
      await stopChaosProcess(undo.pid, undo.startTicks, clock);
      return;
    case 'hold':
      return releasePod(stateDir, undo.pod);
  }
}

/** True while the step's effect is still in place. */
export async function stepRemains(stateDir: string, undo: Undo): Promise<boolean> {
  switch (undo.type) {
    case 'iptables-rule':
      return hasRule(undo);
    case 'process':
      return isSameProcessAlive(undo.pid, undo.startTicks);
    case 'hold':
      return existsSync(join(stateDir, 'holds', undo.pod));
  }
}

/** Undoes the steps newest first (rules before the proxy they steer into), then drops emptied chains. */
export async function undoSteps(stateDir: string, steps: readonly Undo[], clock: Clock): Promise<void> {
  for (const step of [...steps].reverse()) await undoStep(stateDir, step, clock);
  for (const table of new Set(steps.flatMap((step) => (step.type === 'iptables-rule' ? [step.table] : []))))
    await dropChainIfEmpty(table);
}

/** What of the steps is still in place, by name. */
export async function remainingSteps(stateDir: string, steps: readonly Undo[]): Promise<string[]> {
  const remains: string[] = [];
  for (const step of steps) if (await stepRemains(stateDir, step)) remains.push(describeUndo(step));
  return remains;
}
