import type { z } from 'zod';
import type { Decision } from './governance-decision.ts';

/** The run of one tool for one action. */
export interface ToolInvocation<Parameters> {
  actionId: string;
  tenant: string;
  rimNodeId: string | null;
  planId: string | null;
  parameters: Parameters;
  /** When the action runs, from the service's clock. */
  now: Date;
}

/** How a tool run ended. */
export interface ToolOutcome {
  status: 'SUCCESS' | 'FAILURE';
  result: Record<string, unknown>;
}

/**
 * What tools may do to the rest of the platform. The runner hands a tool live ports in EXECUTE
 * mode and sandbox ports (no writes to peers) in SANDBOX mode, so a tool cannot get the modes
 * wrong; in DRY_RUN no tool runs at all.
 */
export interface ToolPorts {
  /** Stores a capsule in CAPSULE; the sandbox port creates nothing and answers `capsuleId: null`. */
  createCapsule(
    capsule: Record<string, unknown>,
    idempotencyKey: string,
  ): Promise<{ capsuleId: string | null; sandboxed: boolean }>;
  /** Asks PLATO for a governance decision (read-only, so live in SANDBOX too). */
  evaluateGovernance(input: {
    rimNodeId: string;
    action: { type: string; parameters: Record<string, unknown> };
    context: Record<string, unknown>;
  }): Promise<{ decision: Decision; triggeredPolicies: unknown[] }>;
}

/** A built-in tool: deterministic, safe, with a schema for its parameters. */
export interface Tool<Parameters = unknown> {
  readonly id: string;
  readonly description: string;
  readonly parameters: z.ZodType<Parameters>;
  /** True when the tool acts on a RIM node, so a request without `rimNodeId` is refused. */
  readonly needsRimNode: boolean;
  /** What the tool would do, for DRY_RUN answers. */
  describe(invocation: ToolInvocation<Parameters>): string;
  run(invocation: ToolInvocation<Parameters>, ports: ToolPorts): Promise<ToolOutcome>;
}

/** A peer refused what a tool asked (a 4xx): the action fails, retrying will not help. */
export class ToolRejectedError extends Error {
  readonly status: number;

  constructor(peer: string, status: number, message: string) {
    super(`${peer} refused (${status}): ${message}`);
    this.name = 'ToolRejectedError';
    this.status = status;
  }
}
