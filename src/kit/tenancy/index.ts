export { DEFAULT_TENANT, TENANT_PATTERN, tenantFromHeader } from './tenant.ts';
