/** One page of a listing as a store reads it: page number from 0 and its size. */
export interface PageRequest {
  page: number;
  limit: number;
}
