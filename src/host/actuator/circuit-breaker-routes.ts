import { z } from 'zod';
import { NotFoundError } from '../../kit/errors/index.ts';
import type { BreakerRegistry } from '../../resilience/breaker/index.ts';
import type { ActuatorApp } from './actuator-app.ts';

const snapshot = z.object({
  state: z.enum(['CLOSED', 'OPEN', 'HALF_OPEN', 'FORCED_OPEN', 'FORCED_CLOSED']),
  failureRate: z.number(),
  bufferedCalls: z.number(),
  failedCalls: z.number(),
  notPermittedCalls: z.number(),
});

const ACTIONS = { reset: 'reset', forceOpen: 'forceOpen', forceClose: 'forceClose' } as const;

/** `/actuator/circuitbreakers`: every breaker's state, and the admin's manual transitions. */
export async function circuitBreakerRoutes(app: ActuatorApp, breakers: BreakerRegistry): Promise<void> {
  app.get(
    '/actuator/circuitbreakers',
    {
      schema: {
        tags: ['actuator'],
        summary: 'State and counters of every circuit breaker',
        response: { 200: z.object({ circuitBreakers: z.record(z.string(), snapshot) }) },
      },
    },
    async () => ({ circuitBreakers: breakers.snapshots() }),
  );

  app.post(
    '/actuator/circuitbreakers/:name/:action',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['actuator'],
        summary: 'Reset, force open or force close a breaker (admin)',
        params: z.object({
          name: z.string(),
          action: z.enum(Object.keys(ACTIONS) as [keyof typeof ACTIONS]),
        }),
        response: { 200: z.object({ name: z.string() }).extend(snapshot.shape) },
      },
    },
    async (request) => {
      const breaker = breakers.find(request.params.name);
      if (!breaker) throw new NotFoundError('circuit breaker', request.params.name);
      breaker[ACTIONS[request.params.action]]();
      return { name: breaker.name, ...breaker.snapshot() };
    },
  );
}
