import type { ConsistencyCheck, ConsistencySide } from '../spec/index.ts';
import { parseJsonPath, readJsonPath } from '../verdict/index.ts';
import type { ConsistencyObservation } from '../verdict/index.ts';
import { PROBE_TIMEOUT_MS, type Http } from './probe-round.ts';

/** Reads both sides of each check once and compares them. */
export async function consistencyRound(
  http: Http,
  checks: readonly ConsistencyCheck[],
  now: () => number,
): Promise<ConsistencyObservation[]> {
  return Promise.all(
    checks.map(async (check) => {
      const at = now();
      const [left, right] = await Promise.all([readSide(http, check.left), readSide(http, check.right)]);
      const equal = left.ok && right.ok && JSON.stringify(left.value) === JSON.stringify(right.value);
      return { check: check.name, at, left: left.value, right: right.value, equal };
    }),
  );
}

async function readSide(http: Http, side: ConsistencySide): Promise<{ ok: boolean; value: unknown }> {
  const steps = parseJsonPath(side.path);
  if (typeof steps === 'string') return { ok: false, value: steps };
  const answer = await http({
    method: 'GET',
    url: side.url,
    headers: side.headers,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (answer.status !== 200)
    return { ok: false, value: `${side.url}: HTTP ${answer.status || answer.error}` };
  const found = readJsonPath(answer.body, steps);
  return found.found
    ? { ok: true, value: found.value }
    : { ok: false, value: `${side.url}: ${side.path} missing` };
}
