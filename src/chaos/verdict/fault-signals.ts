/**
 * What in an answer shows that a fault is being felt — the raw material of "detection". A
 * signal is a short stable string (`capsule-service: components.cassandra.details.nodes.127.0.2.2=DOWN`),
 * so the signals seen before the fault can be subtracted from those seen during it.
 */

/** Leaf values that mean something is down, open or failing wherever they appear. */
const BAD_VALUES = new Set(['DOWN', 'OUT_OF_SERVICE', 'OPEN', 'HALF_OPEN', 'FORCED_OPEN', 'fail', 'fail?']);

/** Keys whose value changing from the steady state is itself a sign (a new leader, fewer nodes). */
const WATCHED_KEYS = new Set(['leader', 'nodesUp', 'masters', 'clusterState', 'size', 'readsFrom']);

/** Keys that signal trouble whenever they hold something (a non-empty list, a message, a count > 0). */
const TROUBLE_KEYS = new Set(['failedNodes', 'error', 'consecutiveFailures']);

/** Headers the services set on degraded answers. */
const DEGRADED_HEADERS = [/^x-butterfly-degraded$/, /^x-circuit-state-/, /^x-ratelimit-limiter$/];

/** Leaf paths and values of a JSON value, e.g. `components.db.status` → `DOWN`. */
export function jsonLeaves(value: unknown, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      // A list is compared whole: its order and length are what changes (masters, failed nodes).
      leaves.set(path, JSON.stringify(node));
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) visit(child, path ? `${path}.${key}` : key);
      return;
    }
    leaves.set(path, node);
  };
  visit(value, prefix);
  return leaves;
}

/** Steady-state values of the watched keys, to compare later answers against. */
export type Baseline = ReadonlyMap<string, unknown>;

/** The watched keys' values in a health answer, as the baseline for `healthSignals`. */
export function baselineOf(source: string, health: unknown): Map<string, unknown> {
  const baseline = new Map<string, unknown>();
  for (const [path, value] of jsonLeaves(health)) {
    if (WATCHED_KEYS.has(lastKey(path))) baseline.set(`${source}: ${path}`, value);
  }
  return baseline;
}

/** The signals in one health answer from `source` (a pod name); watched keys compare to `baseline`. */
export function healthSignals(source: string, health: unknown, baseline: Baseline = new Map()): string[] {
  const signals: string[] = [];
  for (const [path, value] of jsonLeaves(health)) {
    const key = lastKey(path);
    const where = `${source}: ${path}`;
    if (typeof value === 'string' && BAD_VALUES.has(value)) signals.push(`${where}=${value}`);
    else if (TROUBLE_KEYS.has(key) && isTrouble(value)) signals.push(`${where} ${describe(value)}`);
    else if (WATCHED_KEYS.has(key) && baseline.has(where) && baseline.get(where) !== value) {
      signals.push(`${where} changed ${describe(baseline.get(where))} → ${describe(value)}`);
    }
  }
  return signals;
}

/** The signals in a service's answer to a request: degraded headers, 503, 206, cached sources. */
export function answerSignals(
  source: string,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): string[] {
  const signals: string[] = [];
  if (status === 0) signals.push(`${source}: no answer`);
  if (status === 503 || status === 206 || status === 202) signals.push(`${source}: status ${status}`);
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'x-ratelimit-limiter' && value === 'redis') continue;
    if (lower.startsWith('x-circuit-state-') && value === 'CLOSED') continue;
    if (DEGRADED_HEADERS.some((pattern) => pattern.test(lower)))
      signals.push(`${source}: ${lower}: ${value}`);
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (record.degraded === true) signals.push(`${source}: degraded answer`);
    for (const key of ['source', 'policySource'] as const) {
      if (record[key] === 'CACHE') signals.push(`${source}: ${key}=CACHE`);
    }
  }
  return signals;
}

function lastKey(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function isTrouble(value: unknown): boolean {
  if (typeof value === 'number') return value > 0;
  if (typeof value === 'string') return value !== '' && value !== '[]';
  return value !== null && value !== undefined && value !== false;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
