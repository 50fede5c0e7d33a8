import { checkStep } from '../remediate/index.ts';
import type { Observations } from '../status/index.ts';

/** One check of `verify recovery`. */
export interface RecoveryCheck {
  name: 'engines' | 'service components' | 'connectivity matrix' | 'golden path' | 'partition validate-only';
  ok: boolean;
  detail: string;
}

/** The verdict: recovered only when every check passed. */
export interface RecoveryReport {
  recovered: boolean;
  checks: RecoveryCheck[];
}

/** The checks read off one observation: every engine member up, components UP, matrix green. */
export function observedRecoveryChecks(o: Observations): RecoveryCheck[] {
  const engineChecks = [
    checkStep({ kind: 'cassandra-check' }, o),
    checkStep({ kind: 'postgres-check' }, o),
    checkStep({ kind: 'redis-cluster-check' }, o),
  ];
  const notUp = o.services.flatMap((s) =>
    s.status === 'UNREACHABLE'
      ? [`${s.service} does not answer`]
      : Object.entries(s.components)
          .filter(([, status]) => status !== 'UP')
          .map(([component, status]) => `${s.service} ${component} ${status}`),
  );
  const cells = o.matrix ?? [];
  const failing = cells.filter((c) => c.status < 200 || c.status >= 300);
  return [
    {
      name: 'engines',
      ok: engineChecks.every((check) => check.ok),
      detail: `cassandra: ${engineChecks[0]!.detail}; postgres: ${engineChecks[1]!.detail}; redis: ${engineChecks[2]!.detail}`,
    },
    {
      name: 'service components',
      ok: notUp.length === 0,
      detail: notUp.length === 0 ? 'every cassandra/db/redis component UP' : notUp.join('; '),
    },
    {
      name: 'connectivity matrix',
      ok: o.matrix !== undefined && cells.length > 0 && failing.length === 0,
      detail: !o.matrix
        ? 'not observed'
        : failing.length === 0
          ? `${cells.length}/${cells.length} pairs answer 2xx`
          : `failing: ${failing.map((c) => `${c.source} → ${c.target} ${c.status || 'no answer'}`).join(', ')}`,
    },
  ];
}

/** One verdict over all checks. */
export function recoveryReport(checks: RecoveryCheck[]): RecoveryReport {
  return { recovered: checks.length > 0 && checks.every((check) => check.ok), checks };
}
