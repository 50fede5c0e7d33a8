/** Who is calling, once authenticated. */
export interface Principal {
  subject: string;
  /** The tenant the credentials are bound to, if any (`tenant_id` claim or the API key's tenant). */
  tenant?: string;
  roles: readonly string[];
  via: 'jwt' | 'api-key' | 'auth-off' | 'none';
}

/** What a route requires: nothing, any authenticated caller, or the admin role. */
export type AccessLevel = 'public' | 'user' | 'admin';

/** The role that state-changing management endpoints need. */
export const ADMIN_ROLE = 'admin';

/** With auth off (loopback only) the caller is trusted fully. */
export const AUTH_OFF_PRINCIPAL: Principal = Object.freeze({
  subject: 'anonymous',
  roles: [ADMIN_ROLE],
  via: 'auth-off',
});

/** The caller of a public route when auth is on: nobody in particular. */
export const UNAUTHENTICATED: Principal = Object.freeze({ subject: 'anonymous', roles: [], via: 'none' });
