import { randomUUID } from 'node:crypto';
import { CHECKPOINTS, type Checkpoint, type LoopState } from './checkpoints.ts';
import type { PlatformClient } from './platform-client.ts';

/** The result of one checkpoint. */
export interface CheckpointResult {
  name: string;
  description: string;
  status: 'PASS' | 'FAIL' | 'SKIPPED';
  durationMs: number;
  detail: string;
}

/** The result of one run of the loop. */
export interface GoldenPathResult {
  passed: boolean;
  rimNodeId: string;
  totalMs: number;
  loopBudgetMs: number;
  checkpoints: CheckpointResult[];
}

/** Budgets of a run. */
export interface GoldenPathOptions {
  checkpointBudgetMs?: number;
  loopBudgetMs?: number;
  /** Told as each checkpoint finishes, for a live display. */
  onCheckpoint?(result: CheckpointResult): void;
  checkpoints?: readonly Checkpoint[];
}

/** Runs the golden loop once; stops at the first failure and marks the rest SKIPPED. */
export async function runGoldenPath(
  client: PlatformClient,
  options: GoldenPathOptions = {},
): Promise<GoldenPathResult> {
  const checkpointBudgetMs = options.checkpointBudgetMs ?? 10_000;
  const loopBudgetMs = options.loopBudgetMs ?? 30_000;
  const state: LoopState = { rimNodeId: `rim:golden-path:run-${randomUUID().slice(0, 8)}` };
  const results: CheckpointResult[] = [];
  const started = performance.now();
  let failed = false;
  for (const checkpoint of options.checkpoints ?? CHECKPOINTS) {
    if (failed) {
      results.push({
        name: checkpoint.name,
        description: checkpoint.description,
        status: 'SKIPPED',
        durationMs: 0,
        detail: '',
      });
      continue;
    }
    const begun = performance.now();
    const remainingLoop = loopBudgetMs - (begun - started);
    const budget = Math.max(0, Math.min(checkpointBudgetMs, remainingLoop));
    let result: CheckpointResult;
    try {
      const detail = await withBudget(budget, (signal) => checkpoint.run(client, state, signal));
      result = {
        name: checkpoint.name,
        description: checkpoint.description,
        status: 'PASS',
        durationMs: performance.now() - begun,
        detail,
      };
    } catch (error) {
      failed = true;
      const reason = error instanceof Error ? error.message : String(error);
      result = {
        name: checkpoint.name,
        description: checkpoint.description,
        status: 'FAIL',
        durationMs: performance.now() - begun,
        detail: reason,
      };
    }
    results.push(result);
    options.onCheckpoint?.(result);
  }
  const totalMs = performance.now() - started;
  if (!failed && totalMs > loopBudgetMs) failed = true;
  return { passed: !failed, rimNodeId: state.rimNodeId, totalMs, loopBudgetMs, checkpoints: results };
}

async function withBudget<T>(budgetMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      // A polling checkpoint notices the abort within one poll and says what it was waiting for;
      // this is the fallback for one stuck in a single call.
      timer = setTimeout(() => reject(new Error(`over its ${budgetMs}ms budget`)), 250);
    }, budgetMs);
  });
  try {
    return await Promise.race([
      work(controller.signal).catch((error: unknown) => {
        throw controller.signal.aborted
          ? new Error(`over its ${budgetMs}ms budget: ${(error as Error).message}`)
          : error;
      }),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
