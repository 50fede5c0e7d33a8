import type { HttpAnswer } from '../verdict/index.ts';

/** A record the workload finds under its scope when it reads back. */
export interface StoredRecord {
  id: string;
  /** The idempotency key it was written with, as the record carries it; undefined when it carries none. */
  key: string | undefined;
}

/** Sends one request and answers without throwing (see `httpCall`). */
export type Send = (request: {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}) => Promise<HttpAnswer>;

/**
 * One kind of background write: how to send a write, find its id in the answer, and read the
 * records back. Each write carries its idempotency key inside the record too, so a record
 * found in the scope can be tied to the request that made it.
 */
export interface WorkloadTarget {
  /** The service the writes go to, e.g. `capsule-service`. */
  service: string;
  /** Sends write number `seq` with idempotency key `key`. */
  write(send: Send, key: string, seq: number): Promise<HttpAnswer>;
  /** The record id an acknowledged answer names. */
  idOf(answer: HttpAnswer): string | undefined;
  /** Reads one record: true found, false not found; undefined when the service did not answer usably. */
  exists(send: Send, id: string): Promise<boolean | undefined>;
  /** Every record under this workload's scope (all pages), or undefined when a page could not be read. */
  listScope(send: Send): Promise<StoredRecord[] | undefined>;
}

/** A page as the services answer listings (Spring style). */
interface Page {
  content: unknown[];
  totalPages: number;
}

/** Reads every page of a listing at `path` (which has its query already; `page`/`limit` are added). */
export async function readAllPages(send: Send, path: string): Promise<unknown[] | undefined> {
  const items: unknown[] = [];
  for (let page = 0; ; page += 1) {
    const answer = await send({ method: 'GET', path: `${path}&limit=500&page=${page}` });
    if (answer.status !== 200 || !isPage(answer.body)) return undefined;
    items.push(...answer.body.content);
    if (page + 1 >= answer.body.totalPages) return items;
  }
}

function isPage(body: unknown): body is Page {
  return (
    typeof body === 'object' &&
    body !== null &&
    Array.isArray((body as Page).content) &&
    typeof (body as Page).totalPages === 'number'
  );
}

/** A found/not-found answer to a read by id. */
export function existence(answer: HttpAnswer): boolean | undefined {
  if (answer.status === 200) return true;
  if (answer.status === 404) return false;
  return undefined;
}

/** A string field of an object, if the value is an object holding one. */
export function stringField(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' ? current : undefined;
}
