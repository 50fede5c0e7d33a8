import type { Clock } from '../../kit/time/index.ts';

/** One scope: the runbook's CAPSULE `totalElements` for it against ODYSSEY's for the entity. */
export interface ScopeCounts {
  tenant: string;
  scopeId: string;
  capsule: number | undefined;
  odyssey: number | undefined;
}

/** Asks a service how many items a scope (CAPSULE) or entity (ODYSSEY) has; undefined when it did not answer 200. */
export type CountOf = (
  service: 'capsule' | 'odyssey',
  tenant: string,
  scopeId: string,
) => Promise<number | undefined>;

/** What `compareServices` needs. */
export interface CompareServicesOptions {
  countOf: CountOf;
  clock: Clock;
  /** Scopes compared at once. */
  concurrency?: number;
  /** Announcements travel through CAPSULE's outbox: a scope that differs is asked again this often… */
  retryMs?: number;
  /** …until this much time has passed. */
  patienceMs?: number;
}

const agree = (row: ScopeCounts) => row.capsule !== undefined && row.capsule === row.odyssey;

async function countAll(
  scopes: readonly { tenant: string; scopeId: string }[],
  options: CompareServicesOptions,
): Promise<ScopeCounts[]> {
  const rows: ScopeCounts[] = [];
  const queue = [...scopes];
  const worker = async () => {
    for (let scope = queue.shift(); scope; scope = queue.shift()) {
      const [capsule, odyssey] = await Promise.all([
        options.countOf('capsule', scope.tenant, scope.scopeId),
        options.countOf('odyssey', scope.tenant, scope.scopeId),
      ]);
      rows.push({ ...scope, capsule, odyssey });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 6 }, worker));
  return rows;
}

/**
 * CAPSULE's and ODYSSEY's counts for each scope. Scopes that differ are asked again for a
 * while: an announcement still in the outbox is late, not lost. Returns every scope's last
 * counts; the ones that still differ are the disagreements.
 */
export async function compareServices(
  scopes: readonly { tenant: string; scopeId: string }[],
  options: CompareServicesOptions,
): Promise<ScopeCounts[]> {
  const { clock } = options;
  const deadline = clock.now() + (options.patienceMs ?? 20_000);
  let rows = await countAll(scopes, options);
  for (;;) {
    const differing = rows.filter((row) => !agree(row));
    if (differing.length === 0 || clock.now() >= deadline) return rows;
    await clock.sleep(options.retryMs ?? 2000);
    const again = await countAll(differing, options);
    rows = [...rows.filter(agree), ...again];
  }
}

/** The scopes whose counts differ (or could not be read). */
export function serviceDisagreements(rows: readonly ScopeCounts[]): ScopeCounts[] {
  return rows.filter((row) => !agree(row));
}
