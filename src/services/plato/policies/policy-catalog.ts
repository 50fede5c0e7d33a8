import { randomUUID } from 'node:crypto';
import { NotFoundError, StateConflictError, ValidationError } from '../../../kit/errors/index.ts';
import { pageOf, type Page, type PageRequest } from '../../../kit/http/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import { ruleIssues, type Policy } from './policy.ts';
import type { PolicyCache } from './policy-cache.ts';
import type { PolicyStore } from './policy-store.ts';

/** A policy as a client submits it. */
export type NewPolicy = Omit<Policy, 'id' | 'createdAt'>;

/** What the catalog works with. */
export interface PolicyCatalogOptions {
  store: PolicyStore;
  cache: Pick<PolicyCache, 'add'>;
  clock: Clock;
  /** Told when the cache could not be refreshed after a write (the write itself succeeded). */
  onCacheRefreshFailed?(tenant: string, error: unknown): void;
}

/** Creating, reading and listing a tenant's policies; writes refresh the evaluation cache. */
export class PolicyCatalog {
  readonly #options: PolicyCatalogOptions;

  constructor(options: PolicyCatalogOptions) {
    this.#options = options;
  }

  /** Checks the rules, stores the policy and adds it to the tenant's cache; 409 on a duplicate namespace and name. */
  async create(tenant: string, input: NewPolicy): Promise<Policy> {
    const issues = ruleIssues(input.rules);
    if (issues.length > 0) throw new ValidationError('invalid policy rules', issues);
    const policy: Policy = {
      id: randomUUID(),
      ...input,
      createdAt: new Date(this.#options.clock.now()).toISOString(),
    };
    if (!(await this.#options.store.create(tenant, policy))) {
      throw new StateConflictError(
        `a policy named '${input.name}' already exists in namespace '${input.namespace}'`,
        {
          namespace: input.namespace,
          name: input.name,
        },
      );
    }
    try {
      await this.#options.cache.add(tenant, policy);
    } catch (error) {
      // The policy is stored; the background refresh will pick it up.
      this.#options.onCacheRefreshFailed?.(tenant, error);
    }
    return policy;
  }

  /** One policy of the tenant; NotFoundError otherwise. */
  async get(tenant: string, id: string): Promise<Policy> {
    const policy = await this.#options.store.get(tenant, id);
    if (!policy) throw new NotFoundError('policy', id);
    return policy;
  }

  /** A page of the tenant's policies, newest first. */
  async list(tenant: string, namespace: string | undefined, page: PageRequest): Promise<Page<Policy>> {
    return pageOf(await this.#options.store.list(tenant, { namespace }, page), page);
  }
}
