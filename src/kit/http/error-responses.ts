import { z } from 'zod';

/** The kit's error envelope, described for the OpenAPI document (the kit's error handler renders it). */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
    correlationId: z.string(),
  })
  .describe('The error envelope: a stable code, a message for people and field-level details.');

/** Response entries for the error statuses a route documents, e.g. `errorResponses(400, 404)`. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof errorEnvelopeSchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorEnvelopeSchema])) as Record<
    S,
    typeof errorEnvelopeSchema
  >;
}
