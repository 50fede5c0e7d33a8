import { randomBytes } from 'node:crypto';

/**
 * What a call carries to the next service: who asked (tenant, credentials), which request it
 * belongs to (correlation id) and where it sits in the trace (W3C traceparent).
 */
export interface CallContext {
  tenant: string;
  correlationId: string;
  traceparent: string;
  /** The caller's Authorization header, forwarded so the peer applies the same identity. */
  authorization?: string;
  /** The caller's X-API-Key header, forwarded likewise. */
  apiKey?: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A traceparent for an outgoing call: the same trace, a new span (a new trace when there is none). */
export function childTraceparent(parent: string | undefined): string {
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const traceId = match?.[1] ?? randomBytes(16).toString('hex');
  const flags = match?.[3] ?? '01';
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

/** The context of a call nobody is waiting on (an outbox delivery, a resumed plan): a trace of its own. */
export function backgroundCallContext(tenant: string, correlationId: string): CallContext {
  return { tenant, correlationId, traceparent: childTraceparent(undefined) };
}

/** True when the header is a well-formed W3C traceparent (version 00). */
export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}
