import { randomUUID } from 'node:crypto';

/** Correlation ids we accept from clients: short, printable, no spaces (they end up in logs). */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's correlation id: the client's `X-Correlation-ID` when well-formed, else a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : randomUUID();
}
