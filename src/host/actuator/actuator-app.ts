import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The app the actuator's routes are declared on, typed by their zod schemas. */
export type ActuatorApp = Parameters<FastifyPluginAsyncZod>[0];
