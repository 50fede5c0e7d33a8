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

/** How the read-back waits for missing writes, and how many pairs it reads at once. */
export interface LedgerReadOptions {
  clock: Clock;
  /** Give up once this long passed without one more acknowledged write found. */
  stallMs: number;
  /** Give up after this long in all. */
  maxWaitMs: number;
  /** Between read-back passes while writes are missing. */
  intervalMs: number;
  concurrency: number;
  sendFor(tenant: string): Send;
}

/**
 * Reads every pair's acknowledged writes back by id and by scope (the chaos workload's
 * readBackLedger) and adds the results up. While writes are missing it reads those pairs again,
 * as long as each pass finds more: CAPSULE replays a queue of 202s in order, one at a time, so a
 * few thousand queued writes take minutes to land, and that is not a loss.
 */
export async function readBackAll(
  targets: readonly LoadTarget[],
  options: LedgerReadOptions,
): Promise<LedgerResult> {
  const { clock } = options;
  const results = new Map<LoadTarget, LedgerResult>();
  let pending = targets.filter((target) => target.attemptedKeys.size > 0);
  const giveUpAt = clock.now() + options.maxWaitMs;
  let lastProgressAt = clock.now();
  let lostBefore = Number.POSITIVE_INFINITY;
  for (;;) {
    await readPairs(pending, results, options);
    const lost = [...results.values()].reduce((sum, result) => sum + result.lost.length, 0);
    if (lost === 0) break;
    if (lost < lostBefore) [lostBefore, lastProgressAt] = [lost, clock.now()];
    if (clock.now() - lastProgressAt >= options.stallMs || clock.now() >= giveUpAt) break;
    pending = pending.filter((target) => (results.get(target)?.lost.length ?? 0) > 0);
    await clock.sleep(options.intervalMs);
  }
  const all = [...results.values()];
  return {
    acknowledged: all.reduce((sum, result) => sum + result.acknowledged, 0),
    lost: all.flatMap((result) => result.lost),
    duplicated: all.flatMap((result) => result.duplicated),
    unexpected: all.flatMap((result) => result.unexpected),
  };
}

/** One read-back of each pair, `concurrency` pairs at a time. */
async function readPairs(
  pairs: readonly LoadTarget[],
  results: Map<LoadTarget, LedgerResult>,
  options: LedgerReadOptions,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, pairs.length) }, async () => {
      while (next < pairs.length) {
        const pair = pairs[next++]!;
        const send = options.sendFor(pair.tenant);
        results.set(
          pair,
          await readBackLedger({ ...pair, send }, { clock: options.clock, patienceMs: 0, intervalMs: 0 }),
        );
      }
    }),
  );
}
