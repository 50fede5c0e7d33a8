import { runWithinBudget, type Health, type HealthIndicator } from './indicator.ts';
import { aggregateStatus, type HealthStatus } from './status.ts';

/** The aggregate answer: overall status plus each component's. */
export interface CompositeHealth {
  status: HealthStatus;
  components: Record<string, Health>;
}

/** Health groups, as Actuator names them. */
export type HealthGroup = 'liveness' | 'readiness';

/** A service's health indicators. Each service builds its own; there is no global registry. */
export class HealthRegistry {
  readonly #indicators = new Map<string, HealthIndicator>();
  readonly #defaultBudgetMs: number;

  constructor(defaultBudgetMs: number) {
    this.#defaultBudgetMs = defaultBudgetMs;
  }

  /** Adds an indicator; names are unique. */
  add(indicator: HealthIndicator): void {
    if (this.#indicators.has(indicator.name))
      throw new Error(`health indicator '${indicator.name}' is already registered`);
    this.#indicators.set(indicator.name, indicator);
  }

  /** True when a component of that name exists. */
  has(name: string): boolean {
    return this.#indicators.has(name);
  }

  /** Component names, in registration order. */
  names(): string[] {
    return [...this.#indicators.keys()];
  }

  /** Checks one component. */
  async component(name: string): Promise<Health | undefined> {
    const indicator = this.#indicators.get(name);
    return indicator ? this.#run(indicator) : undefined;
  }

  /** Checks every component concurrently and aggregates. */
  async all(): Promise<CompositeHealth> {
    return this.#composite([...this.#indicators.values()]);
  }

  /** Liveness is the process alone; readiness is what the service cannot serve without. */
  async group(group: HealthGroup): Promise<CompositeHealth> {
    if (group === 'liveness') return { status: 'UP', components: { livenessState: { status: 'UP' } } };
    const required = [...this.#indicators.values()].filter((indicator) => indicator.readiness);
    const composite = await this.#composite(required);
    // Nothing required means ready, not unknown.
    return required.length === 0 ? { status: 'UP', components: {} } : composite;
  }

  async #composite(indicators: HealthIndicator[]): Promise<CompositeHealth> {
    const results = await Promise.all(
      indicators.map(async (indicator) => [indicator.name, await this.#run(indicator)] as const),
    );
    const components = Object.fromEntries(results);
    return { status: aggregateStatus(results.map(([, health]) => health.status)), components };
  }

  #run(indicator: HealthIndicator): Promise<Health> {
    return runWithinBudget(indicator, indicator.timeoutMs ?? this.#defaultBudgetMs);
  }
}
