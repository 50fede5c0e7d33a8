import type { Send } from '../../chaos/workload/index.ts';
import type { ServiceName } from '../../kit/platform/index.ts';
import { PlatformClient, runGoldenPath } from '../golden-path/index.ts';
import type { LoadOperation } from './load-mix.ts';
import type { LoadTarget } from './load-targets.ts';

/** Runs one operation and names its result: `ok` (or `ok:<how>`), an HTTP status, or why there was none. */
export type OperationRun = (seq: number) => Promise<string>;

/** What the operations need: the pairs, a Send per tenant to CAPSULE, the platform's URLs. */
export interface OperationContext {
  runId: string;
  targets: readonly LoadTarget[];
  capsuleSend(tenant: string): Send;
  urls: Readonly<Record<ServiceName, string>>;
  /** Extra headers for every request (an API key). */
  headers: Readonly<Record<string, string>>;
  now(): number;
}

/**
 * The three operations. A write is the chaos workload's capsule write (own idempotency key,
 * never retried, every 2xx into its pair's ledger); a read is a page of 20 from a pair's scope;
 * a golden loop is the whole `butterfly golden-path` loop for one tenant (ok when it passes).
 */
export function loadOperations(context: OperationContext): Record<LoadOperation, OperationRun> {
  const { targets } = context;
  let writes = 0;
  let reads = 0;
  let loops = 0;
  return {
    async write() {
      const n = writes++;
      const pair = targets[n % targets.length]!;
      const key = `${context.runId}-w${n}`;
      pair.attemptedKeys.add(key);
      const answer = await pair.target.write(context.capsuleSend(pair.tenant), key, n);
      if (answer.status < 200 || answer.status >= 300) return resultOf(answer);
      pair.ledger.push({ id: pair.target.idOf(answer), key, status: answer.status, at: context.now() });
      // A 202 is acknowledged too (queued while Cassandra has no quorum, stored when it replays).
      return answer.status === 202 ? 'ok:queued' : 'ok';
    },
    async read() {
      // Reads trail the writes by a few pairs, so most pages read are not empty.
      const pair = targets[(reads++ + targets.length - 1) % targets.length]!;
      const path = `/api/v1/capsules?scopeId=${encodeURIComponent(pair.scopeId)}&limit=20`;
      const answer = await context.capsuleSend(pair.tenant)({ method: 'GET', path });
      return answer.status === 200 ? 'ok' : resultOf(answer);
    },
    async golden() {
      const pair = targets[loops++ % targets.length]!;
      const client = new PlatformClient(context.urls, { ...context.headers, 'x-tenant-id': pair.tenant });
      const result = await runGoldenPath(client);
      if (result.passed) return 'ok';
      const failed = result.checkpoints.find((checkpoint) => checkpoint.status === 'FAIL');
      return `golden-fail:${failed?.name ?? 'budget'}`;
    },
  };
}

function resultOf(answer: Awaited<ReturnType<Send>>): string {
  return answer.status === 0 ? (answer.error ?? 'no-answer') : String(answer.status);
}
