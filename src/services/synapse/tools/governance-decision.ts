/** PLATO's decisions, as SYNAPSE reads them. */
export const DECISIONS = ['APPROVE', 'DENY', 'REQUIRE_APPROVAL'] as const;
export type Decision = (typeof DECISIONS)[number];
