import {
  capsuleWrites,
  readBackLedger,
  type LedgerEntry,
  type Send,
  type WorkloadTarget,
} from '../../chaos/workload/index.ts';
import type { LedgerResult } from '../../chaos/report/index.ts';
import type { Clock } from '../../kit/time/index.ts';
import type { LoadPlan } from './load-plan.ts';

/**
 * One (tenant, scope) pair the load writes to, with its own ledger: the chaos workload's
 * capsule-writes target (`rim:chaos:<runId>-t<i>-s<j>`, key in `meta.chaosKey`), so the load
 * keeps exactly the ledger a chaos run keeps and reconciles it with the same functions.
 */
export interface LoadTarget {
  tenant: string;
  scopeId: string;
  target: WorkloadTarget;
  ledger: LedgerEntry[];
  attemptedKeys: Set<string>;
}

/** Every (tenant, scope) pair of the plan, tenants `load-t<i>`. */
export function loadTargets(plan: LoadPlan, clock: Clock): LoadTarget[] {
  const targets: LoadTarget[] = [];
  for (let t = 0; t < plan.tenants; t += 1) {
    for (let s = 0; s < plan.scopes; s += 1) {
      const pairRun = `${plan.runId}-t${t}-s${s}`;
      targets.push({
        tenant: `load-t${t}`,
        // capsuleWrites names its scope this way; page reads go to the same scope.
        scopeId: `rim:chaos:${pairRun}`,
        target: capsuleWrites(pairRun, () => clock.now()),
        ledger: [],
        attemptedKeys: new Set(),
      });
    }
  }
  return targets;
}

/** How long the read-back waits for missing writes, and how many pairs it reads at once. */
export interface LedgerReadOptions {
  clock: Clock;
  patienceMs: number;
  concurrency: number;
  sendFor(tenant: string): Send;
}

/**
 * Reads every pair's acknowledged writes back by id and by scope (the chaos workload's
 * readBackLedger, which reads again while writes are missing) and adds the results up.
 */
export async function readBackAll(
  targets: readonly LoadTarget[],
  options: LedgerReadOptions,
): Promise<LedgerResult> {
  const written = targets.filter((target) => target.attemptedKeys.size > 0);
  const results: LedgerResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, written.length) }, async () => {
      while (next < written.length) {
        const pair = written[next++]!;
        results.push(
          await readBackLedger(
            { ...pair, send: options.sendFor(pair.tenant) },
            { clock: options.clock, patienceMs: options.patienceMs, intervalMs: 1000 },
          ),
        );
      }
    }),
  );
  return {
    acknowledged: results.reduce((sum, result) => sum + result.acknowledged, 0),
    lost: results.flatMap((result) => result.lost),
    duplicated: results.flatMap((result) => result.duplicated),
    unexpected: results.flatMap((result) => result.unexpected),
  };
}
