import { z } from 'zod';

/** Query parameters of a paged listing: `page` from 0, `limit` 1..500 (default 20). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

/** One page of a listing as a store reads it: page number from 0 and its size (what `pageQuery` parses). */
export interface PageRequest {
  page: number;
  limit: number;
}

/** A Spring-style page of `item`: `{content, totalElements, totalPages, number, size}`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    content: z.array(item),
    totalElements: z.number().int(),
    totalPages: z.number().int(),
    number: z.number().int(),
    size: z.number().int(),
  });
}

/** A page of results. */
export interface Page<T> {
  content: T[];
  totalElements: number;
  totalPages: number;
  number: number;
  size: number;
}

/** What a store reads for one page: the page's items and the total count of the listing. */
export interface PageSlice<T> {
  items: T[];
  total: number;
}

/** The page a store's slice makes for the request. */
export function pageOf<T>(slice: PageSlice<T>, request: PageRequest): Page<T> {
  return toPage(slice.items, slice.total, request.page, request.limit);
}

/** Builds a page from one slice of results and the total count. */
export function toPage<T>(content: T[], totalElements: number, page: number, size: number): Page<T> {
  return { content, totalElements, totalPages: Math.ceil(totalElements / size), number: page, size };
}
