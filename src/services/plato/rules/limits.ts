/** Longest condition accepted, in characters: keeps parsing and evaluation cheap. */
export const MAX_CONDITION_LENGTH = 1000;

/** Deepest nesting of parentheses and `!` accepted: keeps the recursive parser off the stack limit. */
export const MAX_NESTING_DEPTH = 32;

/** Longest identifier (one path segment). */
export const MAX_IDENTIFIER_LENGTH = 64;

/**
 * Path segments refused outright. Lookups only ever read own properties of plain data, so these
 * could not reach a prototype anyway; refusing them makes any such attempt visible at creation.
 */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
