import fastifyPlugin from 'fastify-plugin';
import { ServiceUnavailableError } from '../kit/errors/index.ts';

/** Whether the service is closing; the gate reads it on every request. */
export interface ShutdownState {
  closing: boolean;
}

/**
 * While the service drains, new requests get 503 (before anything else runs) and every answer
 * closes its connection: a kept-alive connection would hold shutdown open until its idle timeout.
 */
export const shutdownGate = fastifyPlugin<{ state: ShutdownState }>(
  async (app, { state }) => {
    app.addHook('onRequest', async () => {
      if (state.closing) throw new ServiceUnavailableError('the service is shutting down', 1);
    });
    app.addHook('onSend', async (_request, reply) => {
      if (state.closing) reply.header('connection', 'close');
    });
  },
  { name: 'butterfly-shutdown-gate' },
);
