import { randomUUID } from 'node:crypto';
import {
  IdempotencyConflictError,
  NotFoundError,
  StateConflictError,
  UpstreamUnavailableError,
  ValidationError,
} from '../../../kit/errors/index.ts';
import { type CallContext, pageOf, type Page, type PageRequest } from '../../../kit/http/index.ts';
import type { Clock } from '../../../kit/time/index.ts';
import {
  sandboxToolPorts,
  toolById,
  ToolRejectedError,
  type Tool,
  type ToolInvocation,
  type ToolOutcome,
  type ToolPorts,
} from '../tools/index.ts';
import type { ActionRecord, ActionRequest, OutcomeStatus } from './action.ts';
import type { ActionFilter, ActionLogStore } from './action-log-store.ts';
import { requestFingerprint } from './request-fingerprint.ts';

/** Where finished actions with a RIM node are queued for PERCEPTION. */
export interface OutcomeQueue {
  queue(tenant: string, correlationId: string, action: ActionRecord): void;
}

/** What SYNAPSE's action domain works with. */
export interface SynapseActionsOptions {
  store: ActionLogStore;
  tools: Readonly<Record<string, Tool<unknown>>>;
  /** The live ports for a request (peers called on behalf of `call`). */
  portsFor(call: CallContext): ToolPorts;
  outcomes: OutcomeQueue;
  clock: Clock;
  log?: { warn(details: object, message: string): void; error(details: object, message: string): void };
  /** Told of every finished action (metrics). */
  onCompleted?(action: ActionRecord): void;
}

/** An answer to a submission: the action, and whether it is a replay of an earlier one. */
export interface Submitted {
  action: ActionRecord;
  replayed: boolean;
}

/**
 * Runs actions: picks the tool, checks its parameters, claims the idempotency key, runs the tool
 * in the requested mode, logs the outcome and queues it for PERCEPTION. An idempotency key is
 * claimed in the store before the tool runs, so a replay — concurrent or later, on this
 * instance or another — returns the first action and never runs the tool again.
 */
export class SynapseActions {
  readonly #options: SynapseActionsOptions;
  readonly #inFlight = new Map<string, { fingerprint: string; done: Promise<Submitted> }>();

  constructor(options: SynapseActionsOptions) {
    this.#options = options;
  }

  /** Runs (or replays) one action for the tenant. */
  async submit(
    tenant: string,
    request: ActionRequest,
    idempotencyKey: string | undefined,
    call: CallContext,
  ): Promise<Submitted> {
    const tool = toolById(this.#options.tools, request.toolId);
    if (!tool) {
      const known = Object.keys(this.#options.tools).sort();
      throw new ValidationError(`unknown tool '${request.toolId}'`, [
        {
          field: 'body.toolId',
          message: `unknown tool '${request.toolId}'; known tools: ${known.join(', ')}`,
        },
      ]);
    }
    const parameters = checkParameters(tool, request);
    const fingerprint = requestFingerprint(request);
    if (idempotencyKey === undefined)
      return this.#run(tenant, tool, request, parameters, null, fingerprint, call);

    // Concurrent duplicates on this instance wait for the first instead of meeting its RUNNING claim.
    const slot = `${tenant}\u0000${idempotencyKey}`;
    const inFlight = this.#inFlight.get(slot);
    if (inFlight) {
      if (inFlight.fingerprint !== fingerprint) throw new IdempotencyConflictError(idempotencyKey);
      return { action: (await inFlight.done).action, replayed: true };
    }
    const done = this.#run(tenant, tool, request, parameters, idempotencyKey, fingerprint, call);
    this.#inFlight.set(slot, { fingerprint, done });
    try {
      return await done;
    } finally {
      this.#inFlight.delete(slot);
    }
  }

  /** One finished action of the tenant; NotFoundError otherwise. */
  async get(tenant: string, actionId: string): Promise<ActionRecord> {
    const action = await this.#options.store.get(tenant, actionId);
    if (!action) throw new NotFoundError('action', actionId);
    return action;
  }

  /** A page of the tenant's actions, newest first. */
  async list(tenant: string, filter: ActionFilter, page: PageRequest): Promise<Page<ActionRecord>> {
    return pageOf(await this.#options.store.list(tenant, filter, page), page);
  }

  /**
   * After a restart: actions a crash left running end as FAILURE (never run twice), and outcomes
   * that never reached the outbox are queued.
   */
  async recover(): Promise<{ interrupted: number; requeued: number }> {
    const interrupted = await this.#options.store.failInterrupted(this.#now());
    const unqueued = await this.#options.store.unqueuedOutcomes();
    for (const { tenant, action } of unqueued) await this.#queueOutcome(tenant, randomUUID(), action);
    return { interrupted, requeued: unqueued.length };
  }

  async #run(
    tenant: string,
    tool: Tool<unknown>,
    request: ActionRequest,
    parameters: unknown,
    idempotencyKey: string | null,
    fingerprint: string,
    call: CallContext,
  ): Promise<Submitted> {
    const { store } = this.#options;
    const actionId = randomUUID();
    const createdAt = this.#now();
    const claim = await store.start(tenant, { ...request, actionId, idempotencyKey, fingerprint, createdAt });
    if (!claim.started) {
      const key = idempotencyKey as string;
      if (claim.holder.fingerprint !== fingerprint) throw new IdempotencyConflictError(key);
      if (claim.holder.state === 'RUNNING') {
        throw new StateConflictError(
          `the action for idempotency key '${key}' is still running; retry shortly`,
          {
            idempotencyKey: key,
            actionId: claim.holder.actionId,
          },
        );
      }
      return { action: claim.holder.action, replayed: true };
    }

    const invocation: ToolInvocation<unknown> = {
      actionId,
      tenant,
      rimNodeId: request.rimNodeId,
      planId: request.planId,
      parameters,
      now: new Date(this.#options.clock.now()),
    };
    const outcome = await this.#outcomeOf(tool, invocation, request, call);
    const action = await store.complete(tenant, actionId, { ...outcome, completedAt: this.#now() });
    this.#options.onCompleted?.(action);
    await this.#queueOutcome(tenant, call.correlationId, action);
    return { action, replayed: false };
  }

  async #outcomeOf(
    tool: Tool<unknown>,
    invocation: ToolInvocation<unknown>,
    request: ActionRequest,
    call: CallContext,
  ): Promise<{ outcomeStatus: OutcomeStatus; result: Record<string, unknown> }> {
    // DRY_RUN never reaches the tool's code: there is nothing it could do by mistake.
    if (request.executionMode === 'DRY_RUN') {
      return { outcomeStatus: 'SIMULATED', result: { simulated: true, wouldDo: tool.describe(invocation) } };
    }
    const live = this.#options.portsFor(call);
    const ports = request.executionMode === 'SANDBOX' ? sandboxToolPorts(live) : live;
    let outcome: ToolOutcome;
    try {
      outcome = await tool.run(invocation, ports);
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) {
        return { outcomeStatus: 'FAILURE', result: { error: error.message, retryable: true } };
      }
      if (error instanceof ToolRejectedError)
        return { outcomeStatus: 'FAILURE', result: { error: error.message, retryable: false } };
      this.#options.log?.error(
        { err: error, toolId: tool.id, actionId: invocation.actionId },
        'tool failed unexpectedly',
      );
      return {
        outcomeStatus: 'FAILURE',
        result: {
          error: 'the tool failed unexpectedly; the correlation id finds it in the logs',
          retryable: false,
        },
      };
    }
    return { outcomeStatus: outcome.status, result: outcome.result };
  }

  async #queueOutcome(tenant: string, correlationId: string, action: ActionRecord): Promise<void> {
    if (action.rimNodeId === null) return;
    try {
      this.#options.outcomes.queue(tenant, correlationId, action);
      await this.#options.store.markOutcomeQueued(tenant, action.actionId);
    } catch (error) {
      // The action stands; recover() queues the outcome on the next start.
      this.#options.log?.error(
        { err: error, tenant, actionId: action.actionId },
        'outcome could not be queued for PERCEPTION',
      );
    }
  }

  #now(): string {
    return new Date(this.#options.clock.now()).toISOString();
  }
}

/** The tool's parameters, parsed; 400 naming `body.parameters.<field>` or `body.rimNodeId`. */
function checkParameters(tool: Tool<unknown>, request: ActionRequest): unknown {
  if (tool.needsRimNode && request.rimNodeId === null) {
    throw new ValidationError(`tool '${tool.id}' acts on a RIM node`, [
      { field: 'body.rimNodeId', message: `required by tool '${tool.id}'` },
    ]);
  }
  const parsed = tool.parameters.safeParse(request.parameters);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    `invalid parameters for tool '${tool.id}'`,
    parsed.error.issues.map((issue) => ({
      field: ['body', 'parameters', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}
