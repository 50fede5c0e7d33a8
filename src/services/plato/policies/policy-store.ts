import type { PageRequest, PageSlice } from '../../../kit/http/index.ts';
import type { Policy } from './policy.ts';

/**
 * Where policies live. The SQL implementation serves the embedded (PGlite) and PostgreSQL
 * profiles; every method is scoped to one tenant.
 */
export interface PolicyStore {
  /** Stores a new policy; false when the tenant already has one with that namespace and name. */
  create(tenant: string, policy: Policy): Promise<boolean>;
  get(tenant: string, id: string): Promise<Policy | undefined>;
  /** A page of policies, newest first, optionally of one namespace. */
  list(
    tenant: string,
    filter: { namespace?: string | undefined },
    page: PageRequest,
  ): Promise<PageSlice<Policy>>;
  /** Every policy of a tenant (what evaluations need). */
  all(tenant: string): Promise<Policy[]>;
  /** The tenants that have policies (to warm the cache at start). */
  tenants(): Promise<string[]>;
}
