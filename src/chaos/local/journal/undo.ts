import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { releasePod } from '../../../cluster/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import {
  commentOf,
  deleteRulesWithComments,
  dropChainIfEmpty,
  listRules,
  type ChaosTable,
} from '../iptables/iptables.ts';
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

/** A summary of a fault's steps: `12 iptables -t nat rules; delay proxy process 4242`. */
export function describeSteps(steps: readonly Undo[]): string {
  const parts: string[] = [];
  for (const table of ['filter', 'nat'] as const) {
    const count = steps.filter((step) => step.type === 'iptables-rule' && step.table === table).length;
    if (count > 0) parts.push(`${count} iptables -t ${table} rule${count === 1 ? '' : 's'}`);
  }
  parts.push(...steps.filter((step) => step.type !== 'iptables-rule').map(describeUndo));
  return parts.length > 0 ? parts.join('; ') : 'nothing to undo';
}

/** A fault's rules, by table and comment: every rule of a fault carries the fault's comment. */
function ruleGroups(steps: readonly Undo[]): Map<ChaosTable, Set<string>> {
  const groups = new Map<ChaosTable, Set<string>>();
  for (const step of steps) {
    if (step.type !== 'iptables-rule') continue;
    const comment = commentOf(step.rule);
    if (comment === undefined) continue;
    const comments = groups.get(step.table) ?? new Set<string>();
    comments.add(comment);
    groups.set(step.table, comments);
  }
  return groups;
}

/**
 * Undoes the steps: the rules first, in one batch per table (so nothing is steered into a proxy
 * about to go), then processes and holds newest first; then drops chains left empty. A step
 * already undone is fine.
 */
export async function undoSteps(stateDir: string, steps: readonly Undo[], clock: Clock): Promise<void> {
  const groups = ruleGroups(steps);
  for (const [table, comments] of groups) await deleteRulesWithComments(table, comments);
  for (const step of [...steps].reverse()) {
    if (step.type === 'process') await stopChaosProcess(step.pid, step.startTicks, clock);
    else if (step.type === 'hold') releasePod(stateDir, step.pod);
  }
  for (const table of groups.keys()) await dropChainIfEmpty(table);
}

/** What of the steps is still in place, by name (rules counted per table and fault). */
export async function remainingSteps(stateDir: string, steps: readonly Undo[]): Promise<string[]> {
  const remains: string[] = [];
  for (const [table, comments] of ruleGroups(steps)) {
    const left = (await listRules(table)).filter(
      (rule) => rule.comment !== undefined && comments.has(rule.comment),
    );
    if (left.length > 0)
      remains.push(`${left.length} iptables -t ${table} rule(s) ${[...comments].join(', ')}`);
  }
  for (const step of steps) {
    if (step.type === 'process' && isSameProcessAlive(step.pid, step.startTicks))
      remains.push(describeUndo(step));
    if (step.type === 'hold' && existsSync(join(stateDir, 'holds', step.pod)))
      remains.push(describeUndo(step));
  }
  return remains;
}
