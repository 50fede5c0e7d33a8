import { ButterflyError } from '../../kit/errors/index.ts';

/** A local fault could not be injected: no cluster, a pod not in it, or iptables or a process refused. */
export class ChaosInjectionError extends ButterflyError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super('BFY_ERR_CHAOS_INJECTION_FAILED', message, details, options);
  }
}

/** Something a fault put in place is still there after its undo; `remains` names each piece. */
export class ChaosCleanupError extends ButterflyError {
  readonly remains: readonly string[];
  constructor(remains: readonly string[]) {
    super('BFY_ERR_CHAOS_CLEANUP_FAILED', `chaos leftovers remain: ${remains.join('; ')}`, { remains });
    this.remains = remains;
  }
}
