import { ChaosRefusedError } from './k8s-errors.ts';

const PRODUCTION = new Set(['prod', 'production']);

/** True when a name has `prod` or `production` as one of its words (`prod`, `eu-prod-2`, `Production`), not `preprod`. */
export function looksLikeProduction(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .some((word) => PRODUCTION.has(word));
}

/**
 * Refuses to inject faults into production unless forced. Both the `--env` given and the
 * kubeconfig context the faults would land in are checked: a mistyped `--env staging` with a
 * production context selected is exactly the accident this guard exists for.
 */
export function refuseProduction(target: { environment: string; context?: string; force: boolean }): void {
  if (target.force) return;
  const named = [
    { what: 'environment', value: target.environment },
    { what: 'Kubernetes context', value: target.context ?? '' },
  ].find((candidate) => looksLikeProduction(candidate.value));
  if (named) {
    throw new ChaosRefusedError(
      `refusing to run chaos against ${named.what} '${named.value}', which looks like production; pass --force to run it anyway`,
      { [named.what === 'environment' ? 'environment' : 'context']: named.value },
    );
  }
}
