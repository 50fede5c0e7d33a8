import { UpstreamUnavailableError } from '../../../kit/errors/index.ts';
import { formatDuration, type Clock, type TimerHandle } from '../../../kit/time/index.ts';
import { compilePolicy, type CompiledPolicy, type Policy } from './policy.ts';

/** Where the policies of an evaluation came from: the store's current state, or a stale copy. */
export type PolicySource = 'LIVE' | 'CACHE';

/** The policies an evaluation runs on. */
export interface PolicySnapshot {
  policies: readonly CompiledPolicy[];
  /** LIVE while the last load from the store succeeded; CACHE once a refresh failed and a stale copy serves. */
  source: PolicySource;
  /** Milliseconds since the copy was loaded from the store. */
  ageMs: number;
}

/** How the cache loads and how often it refreshes. */
export interface PolicyCacheOptions {
  /** Reads every policy of a tenant from the store. */
  load(tenant: string): Promise<Policy[]>;
  clock: Clock;
  /** Pause between background refreshes of every cached tenant. */
  refreshIntervalMs: number;
  /**
   * How old a stale copy may get before it stops serving (an evaluation then fails with 503):
   * policies changed by another instance must not be enforced wrongly forever.
   */
  maxStalenessMs?: number;
  /** Told when a load fails (the stale copy keeps serving) or a stored rule no longer parses. */
  onProblem?(problem: { tenant: string; message: string; error?: unknown }): void;
}

/** Thrown instead of serving cached policies older than the configured bound. */
export class PolicyCacheExpiredError extends UpstreamUnavailableError {
  constructor(ageMs: number, maxStalenessMs: number) {
    super(
      'policy-store',
      `cached policies are ${formatDuration(ageMs)} old, past the ${formatDuration(maxStalenessMs)} bound`,
      5,
    );
  }
}

interface Entry {
  policies: readonly CompiledPolicy[];
  loadedAt: number;
  stale: boolean;
  /** The load that produced this entry; an older load finishing late never overwrites a newer one. */
  generation: number;
}

/**
 * Compiled policies per tenant, in memory, so evaluations do not read (or parse) the store
 * each time. A tenant is loaded on first use, reloaded after every write through this service
 * and by a background refresh on the injected clock. When a reload fails the previous copy
 * keeps serving and is reported as `CACHE` with its age — the behaviour the runbook asks of
 * PLATO while PostgreSQL is down ("evaluations use cached policies").
 */
export class PolicyCache {
  readonly #options: PolicyCacheOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<Entry>>();
  readonly #generations = new Map<string, number>();
  #timer: TimerHandle | undefined;
  #refreshing: Promise<void> | undefined;
  #stopped = true;

  constructor(options: PolicyCacheOptions) {
    this.#options = options;
  }

  /**
   * The tenant's policies: cached when present, else loaded now (concurrent callers share one
   * load). A stale copy older than `maxStalenessMs` is refused with PolicyCacheExpiredError.
   */
  async policiesFor(tenant: string): Promise<PolicySnapshot> {
    const entry = this.#entries.get(tenant) ?? (await this.#loadOnce(tenant));
    const ageMs = Math.max(0, this.#options.clock.now() - entry.loadedAt);
    const { maxStalenessMs } = this.#options;
    if (entry.stale && maxStalenessMs !== undefined && ageMs > maxStalenessMs) {
      throw new PolicyCacheExpiredError(ageMs, maxStalenessMs);
    }
    return { policies: entry.policies, source: entry.stale ? 'CACHE' : 'LIVE', ageMs };
  }

  /**
   * Loads these tenants now, so the first evaluation after a start does not depend on the store
   * being up; returns how many loaded (a failure is reported and leaves that tenant unloaded).
   */
  async warm(tenants: readonly string[]): Promise<number> {
    let loaded = 0;
    for (const tenant of tenants) {
      if (
        await this.#loadOnce(tenant).then(
          () => true,
          () => false,
        )
      )
        loaded += 1;
    }
    return loaded;
  }

  /** Reloads a tenant from the store now (after a write); a failure keeps the old copy, marked stale, and rethrows. */
  async refresh(tenant: string): Promise<void> {
    await this.#load(tenant);
  }

  /**
   * Takes a policy just stored into the tenant's cached copy, compiling only that one: reloading
   * and recompiling every policy of the tenant after each write made a write O(policies).
   * Without a fresh copy to add to (none loaded yet, or stale) it reloads the tenant instead.
   */
  async add(tenant: string, policy: Policy): Promise<void> {
    const entry = this.#entries.get(tenant);
    if (!entry || entry.stale) return this.refresh(tenant);
    const generation = (this.#generations.get(tenant) ?? 0) + 1;
    this.#generations.set(tenant, generation);
    const policies = [
      ...entry.policies.filter((one) => one.policy.id !== policy.id),
      this.#compile(tenant, policy),
    ];
    // The order a load gives (created_at, id), so evaluations see the same sequence either way.
    policies.sort((a, b) => loadOrder(a.policy, b.policy));
    this.#entries.set(tenant, { ...entry, policies, generation });
  }

  /** Starts the background refresh. */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** Stops the background refresh, waiting for one in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#refreshing;
  }

  /** The tenants held, for health details. */
  stats(): { tenants: number; stale: number } {
    let stale = 0;
    for (const entry of this.#entries.values()) if (entry.stale) stale += 1;
    return { tenants: this.#entries.size, stale };
  }

  #loadOnce(tenant: string): Promise<Entry> {
    let pending = this.#loading.get(tenant);
    if (!pending) {
      pending = this.#load(tenant).finally(() => this.#loading.delete(tenant));
      this.#loading.set(tenant, pending);
    }
    return pending;
  }

  async #load(tenant: string): Promise<Entry> {
    const generation = (this.#generations.get(tenant) ?? 0) + 1;
    this.#generations.set(tenant, generation);
    let policies: Policy[];
    try {
      policies = await this.#options.load(tenant);
    } catch (error) {
      const previous = this.#entries.get(tenant);
      if (previous && previous.generation < generation) previous.stale = true;
      this.#options.onProblem?.({
        tenant,
        message: 'loading policies failed; a stale copy serves if there is one',
        error,
      });
      throw error;
    }
    const fresh: Entry = {
      policies: policies.map((policy) => this.#compile(tenant, policy)),
      loadedAt: this.#options.clock.now(),
      stale: false,
      generation,
    };
    const current = this.#entries.get(tenant);
    if (current && current.generation > generation) return current;
    this.#entries.set(tenant, fresh);
    return fresh;
  }

  #compile(tenant: string, policy: Policy): CompiledPolicy {
    const compiled = compilePolicy(policy);
    for (const invalid of compiled.invalidRules) {
      this.#options.onProblem?.({
        tenant,
        message: `policy ${policy.id} rule '${invalid.ruleId}' does not parse and never triggers: ${invalid.message}`,
      });
    }
    return compiled;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#options.clock.schedule(this.#options.refreshIntervalMs, () => {
      this.#refreshing = this.#refreshAll().finally(() => {
        this.#refreshing = undefined;
        this.#schedule();
      });
    });
  }

  async #refreshAll(): Promise<void> {
    for (const tenant of [...this.#entries.keys()]) {
      if (this.#stopped) return;
      // A failure is already reported and marks the copy stale; the other tenants still refresh.
      await this.#load(tenant).catch(() => undefined);
    }
  }
}

/** created_at, then id: the order the store loads a tenant's policies in. */
function loadOrder(a: Policy, b: Policy): number {
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
