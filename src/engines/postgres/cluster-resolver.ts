import type { Clock } from '../../kit/time/index.ts';
import type { ClusterView, MemberAddress } from './patroni-cluster.ts';

/** What the resolver needs. */
export interface ClusterResolverOptions {
  /** Asks Patroni for the cluster; rejects when no member answers. */
  readonly fetch: (signal?: AbortSignal) => Promise<ClusterView>;
  readonly clock: Clock;
  /** Re-resolutions asked for within this long of the last one reuse the current view. */
  readonly minIntervalMs: number;
  /** A view older than this is refreshed in the background the next time it is used. */
  readonly maxAgeMs: number;
  /** Called when a new view differs from the last in leader or readable replicas. */
  readonly onChange?: (next: ClusterView, previous: ClusterView | undefined) => void;
  /** Called when Patroni could not be asked; the last view stays in use. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Knows who leads the PostgreSQL cluster. Failures make the router ask again, but a dead
 * leader makes every statement fail at once, and a storm of requests must not become a storm
 * of Patroni calls: re-resolution happens at most once per `minIntervalMs` (on the injected
 * clock) and concurrent askers share one call. When Patroni does not answer the last view is
 * kept — PostgreSQL may well be fine while its REST API is not.
 */
export class ClusterResolver {
  readonly #options: ClusterResolverOptions;
  #view: ClusterView | undefined;
  #viewAt = Number.NEGATIVE_INFINITY;
  #attemptAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<ClusterView | undefined> | undefined;
  #lastError: unknown;

  constructor(options: ClusterResolverOptions) {
    this.#options = options;
  }

  /** The current view, or undefined before Patroni first answered. */
  get view(): ClusterView | undefined {
    return this.#view;
  }

  /** The last reason Patroni could not be asked, cleared by the next answer. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /** Asks Patroni now, whatever the rate limit (at open, and for health checks); rejects when no member answers. */
  async resolveNow(signal?: AbortSignal): Promise<ClusterView> {
    this.#attemptAt = this.#options.clock.now();
    try {
      const view = await this.#options.fetch(signal);
      this.observe(view);
      return view;
    } catch (error) {
      this.#lastError = error;
      throw error;
    }
  }

  /**
   * Asks again after a failure — unless it was asked within `minIntervalMs`, when the current
   * view is the answer. Never rejects: when Patroni does not answer the last view stands.
   */
  async reresolve(): Promise<ClusterView | undefined> {
    if (this.#inflight) return this.#inflight;
    const now = this.#options.clock.now();
    if (now - this.#attemptAt < this.#options.minIntervalMs) return this.#view;
    this.#attemptAt = now;
    this.#inflight = this.#options
      .fetch()
      .then(
        (view) => {
          this.observe(view);
          return view;
        },
        (error: unknown) => {
          this.#lastError = error;
          this.#options.onError?.(error);
          return this.#view;
        },
      )
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }

  /** Starts a background re-resolution when the view is older than `maxAgeMs`, so a planned switchover or a replica's lag is noticed without a failure. */
  refreshIfStale(): void {
    if (this.#options.clock.now() - this.#viewAt >= this.#options.maxAgeMs) void this.reresolve();
  }

  /** Adopts a view fetched elsewhere or just now. */
  observe(view: ClusterView): void {
    const previous = this.#view;
    this.#view = view;
    this.#viewAt = this.#options.clock.now();
    this.#lastError = undefined;
    if (!previous || routingChanged(previous, view)) this.#options.onChange?.(view, previous);
  }
}

function sameMember(a: MemberAddress | null, b: MemberAddress | null): boolean {
  return a?.name === b?.name && a?.host === b?.host && a?.port === b?.port;
}

function readableNames(view: ClusterView): string {
  return view.replicas
    .filter((replica) => replica.readable)
    .map((replica) => `${replica.name}@${replica.host}:${replica.port}`)
    .sort()
    .join(',');
}

/** True when the leader or the set of readable replicas differs. */
export function routingChanged(previous: ClusterView, next: ClusterView): boolean {
  return !sameMember(previous.leader, next.leader) || readableNames(previous) !== readableNames(next);
}
