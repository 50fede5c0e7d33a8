import type { AccessLevel, Principal } from './auth/index.ts';
import type { CallContext } from '../kit/http/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; `user` when absent. */
    access?: AccessLevel;
  }
  interface FastifyRequest {
    /** The tenant the request acts for. */
    tenant: string;
    /** The authenticated caller. */
    principal: Principal;
    /** What calls to peer services made on behalf of this request carry. */
    callContext: CallContext;
  }
}
