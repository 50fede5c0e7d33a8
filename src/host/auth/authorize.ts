import { ForbiddenError } from '../../kit/errors/index.ts';
import { ADMIN_ROLE, type AccessLevel, type Principal } from './principal.ts';

/** Checks a principal against a route's access level and the request's tenant. */
export function authorize(
  principal: Principal,
  level: AccessLevel,
  requestedTenant: string | undefined,
): void {
  if (level === 'admin' && !principal.roles.includes(ADMIN_ROLE)) {
    throw new ForbiddenError(`this endpoint needs the '${ADMIN_ROLE}' role`);
  }
  if (principal.tenant && requestedTenant && principal.tenant !== requestedTenant) {
    throw new ForbiddenError(
      `credentials are bound to tenant '${principal.tenant}', not '${requestedTenant}'`,
    );
  }
}
