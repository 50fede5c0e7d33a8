export { authentication, explicitTenantOf, headerText } from './authentication.ts';
export { Authenticator, type Credentials } from './authenticator.ts';
export { authorize } from './authorize.ts';
export {
  ADMIN_ROLE,
  AUTH_OFF_PRINCIPAL,
  UNAUTHENTICATED,
  type AccessLevel,
  type Principal,
} from './principal.ts';
