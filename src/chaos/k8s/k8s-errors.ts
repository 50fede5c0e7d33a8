import { ButterflyError } from '../../kit/errors/index.ts';

/** A chaos run refused before anything was applied (production environment without --force). */
export class ChaosRefusedError extends ButterflyError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BFY_ERR_CHAOS_REFUSED', message, details);
  }
}

/** The Kubernetes API refused or failed a chaos request; `status` is the HTTP status when there was one. */
export class ChaosKubeError extends ButterflyError {
  readonly status?: number;
  constructor(
    message: string,
    details: Record<string, unknown> & { status?: number } = {},
    options?: ErrorOptions,
  ) {
    super('BFY_ERR_CHAOS_KUBE_FAILED', message, details, options);
    this.status = details.status;
  }
}
