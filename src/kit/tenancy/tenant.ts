import { ValidationError } from '../errors/index.ts';

/** The tenant when a request names none. */
export const DEFAULT_TENANT = 'default';

/** Tenant ids: lower-case letters, digits, `-` and `_`, starting with a letter or digit, at most 63. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Reads the `X-Tenant-ID` header; absent means the default tenant. */
export function tenantFromHeader(value: string | string[] | undefined): string {
  if (value === undefined || value === '') return DEFAULT_TENANT;
  if (Array.isArray(value) || !TENANT_PATTERN.test(value)) {
    throw new ValidationError('invalid X-Tenant-ID header', [
      {
        field: 'headers.x-tenant-id',
        message: 'expected 1-63 lower-case letters, digits, - or _, starting with a letter or digit',
      },
    ]);
  }
  return value;
}
