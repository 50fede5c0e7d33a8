import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IdempotencyConflictError,
  NotFoundError,
  StateConflictError,
  UpstreamUnavailableError,
  ValidationError,
} from '../../../kit/errors/index.ts';
import type { CallContext } from '../../../kit/http/index.ts';
import { ManualClock } from '../../../kit/time/testing/index.ts';
import { TOOLS, type ToolPorts } from '../tools/index.ts';
import type { ActionRecord, ActionRequest, OutcomeStatus } from './action.ts';
import type { ActionFilter, ActionLogStore, KeyHolder, StartedAction } from './action-log-store.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import { SynapseActions } from './synapse-actions.ts';

const call: CallContext = {
  tenant: 'acme',
  correlationId: 'corr',
  traceparent: '00-00000000000000000000000000000001-0000000000000001-01',
};
const clock = new ManualClock(Date.UTC(2025, 0, 1));

type Row = StartedAction & {
  state: 'RUNNING' | 'DONE';
  outcomeStatus?: OutcomeStatus;
  result?: Record<string, unknown>;
  completedAt?: string;
  queued: boolean;
};

/** An in-memory action log with the same key semantics as the SQL one. */
class MemoryActionLog implements ActionLogStore {
  readonly rows = new Map<string, Row>();
  async start(
    tenant: string,
    action: StartedAction,
  ): Promise<{ started: true } | { started: false; holder: KeyHolder }> {
    const holder = [...this.rows.entries()].find(
      ([key, row]) =>
        key.startsWith(`${tenant}/`) &&
        action.idempotencyKey !== null &&
        row.idempotencyKey === action.idempotencyKey,
    )?.[1];
    if (holder) {
      return {
        started: false,
        holder:
          holder.state === 'DONE'
            ? { state: 'DONE', fingerprint: holder.fingerprint, action: record(holder) }
            : { state: 'RUNNING', actionId: holder.actionId, fingerprint: holder.fingerprint },
      };
    }
    this.rows.set(`${tenant}/${action.actionId}`, { ...action, state: 'RUNNING', queued: false });
    return { started: true };
  }
  async complete(
    tenant: string,
    actionId: string,
    outcome: { outcomeStatus: OutcomeStatus; result: Record<string, unknown>; completedAt: string },
  ) {
    const row = this.rows.get(`${tenant}/${actionId}`)!;
    Object.assign(row, outcome, { state: 'DONE' });
    return record(row);
  }
  async get(tenant: string, actionId: string) {
    const row = this.rows.get(`${tenant}/${actionId}`);
    return row?.state === 'DONE' ? record(row) : undefined;
  }
  async list(tenant: string, filter: ActionFilter) {
    const items = [...this.rows.entries()]
      .filter(
        ([key, row]) =>
          key.startsWith(`${tenant}/`) &&
          row.state === 'DONE' &&
          (filter.planId === undefined || row.planId === filter.planId),
      )
      .map(([, row]) => record(row));
    return { items, total: items.length };
  }
  async markOutcomeQueued(tenant: string, actionId: string) {
    this.rows.get(`${tenant}/${actionId}`)!.queued = true;
  }
  async unqueuedOutcomes() {
    return [...this.rows.entries()]
      .filter(([, r]) => r.state === 'DONE' && r.rimNodeId !== null && !r.queued)
      .map(([key, r]) => ({ tenant: key.split('/')[0]!, action: record(r) }));
  }
  async failInterrupted(at: string) {
    let count = 0;
    for (const row of this.rows.values()) {
      if (row.state !== 'RUNNING') continue;
      Object.assign(row, {
        state: 'DONE',
        outcomeStatus: 'FAILURE',
        result: { error: 'interrupted' },
        completedAt: at,
      });
      count += 1;
    }
    return count;
  }
}

function record(row: Row): ActionRecord {
  return {
    actionId: row.actionId,
    toolId: row.toolId,
    parameters: row.parameters,
    executionMode: row.executionMode,
    planId: row.planId,
    rimNodeId: row.rimNodeId,
    outcomeStatus: row.outcomeStatus ?? 'FAILURE',
    result: row.result ?? {},
    createdAt: row.createdAt,
    completedAt: row.completedAt ?? row.createdAt,
  };
}

/** Ports that count capsule writes and answer governance with a fixed decision. */
function fakePorts(options: { capsuleFails?: Error; gate?: Promise<void> } = {}) {
  const capsules: { capsule: Record<string, unknown>; key: string }[] = [];
  const ports: ToolPorts = {
    async createCapsule(capsule, key) {
      await options.gate;
      if (options.capsuleFails) throw options.capsuleFails;
      capsules.push({ capsule, key });
      return { capsuleId: `c-${capsules.length}`, sandboxed: false };
    },
    async evaluateGovernance() {
      return { decision: 'DENY', triggeredPolicies: [{ ruleId: 'r' }] };
    },
  };
  return { ports, capsules };
}

function setup(portOptions: Parameters<typeof fakePorts>[0] = {}) {
  const store = new MemoryActionLog();
  const queued: ActionRecord[] = [];
  const { ports, capsules } = fakePorts(portOptions);
  const actions = new SynapseActions({
    store,
    tools: TOOLS,
    portsFor: () => ports,
    outcomes: { queue: (_t, _c, action) => queued.push(action) },
    clock,
  });
  return { store, queued, capsules, actions };
}

const annotate = (overrides: Partial<ActionRequest> = {}): ActionRequest => ({
  toolId: 'capsule.annotate',
  parameters: { note: 'hello' },
  executionMode: 'EXECUTE',
  planId: null,
  rimNodeId: 'rim:test:node',
  ...overrides,
});

test('EXECUTE runs the tool with live ports, logs the outcome and queues it for PERCEPTION', async () => {
  const { actions, capsules, queued, store } = setup();
  const { action, replayed } = await actions.submit('acme', annotate(), undefined, call);
  assert.equal(replayed, false);
  assert.equal(action.outcomeStatus, 'SUCCESS');
  assert.deepEqual(action.result, { capsuleId: 'c-1', sandboxed: false, scopeId: 'rim:test:node' });
  assert.equal(capsules.length, 1);
  assert.equal(capsules[0]?.key, `action-${action.actionId}`);
  assert.deepEqual(capsules[0]?.capsule.meta, { actionId: action.actionId });
  assert.deepEqual(
    queued.map((a) => a.actionId),
    [action.actionId],
  );
  assert.equal(store.rows.get(`acme/${action.actionId}`)?.queued, true);
});

test('SANDBOX swaps in ports that write nothing; DRY_RUN never calls the tool', async () => {
  const { actions, capsules } = setup();
  const sandbox = await actions.submit('acme', annotate({ executionMode: 'SANDBOX' }), undefined, call);
  assert.deepEqual(sandbox.action.result, { capsuleId: null, sandboxed: true, scopeId: 'rim:test:node' });
  const dry = await actions.submit('acme', annotate({ executionMode: 'DRY_RUN' }), undefined, call);
  assert.equal(dry.action.outcomeStatus, 'SIMULATED');
  assert.deepEqual(dry.action.result, {
    simulated: true,
    wouldDo: 'create a capsule for rim:test:node noting "hello"',
  });
  assert.equal(capsules.length, 0);
});

test('actions without a RIM node are not queued for PERCEPTION', async () => {
  const { actions, queued } = setup();
  await actions.submit('acme', annotate({ toolId: 'noop.echo', rimNodeId: null }), undefined, call);
  assert.equal(queued.length, 0);
});

test('unknown tools, missing nodes and bad parameters are refused before anything is logged', async () => {
  const { actions, store } = setup();
  await assert.rejects(
    actions.submit('acme', annotate({ toolId: 'nope' }), undefined, call),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues, [
        {
          field: 'body.toolId',
          message: "unknown tool 'nope'; known tools: capsule.annotate, governance.check, noop.echo",
        },
      ]);
      return true;
    },
  );
  await assert.rejects(
    actions.submit('acme', annotate({ toolId: 'hasOwnProperty' }), undefined, call),
    ValidationError,
  );
  await assert.rejects(
    actions.submit('acme', annotate({ rimNodeId: null }), undefined, call),
    (error: unknown) => error instanceof ValidationError && error.issues[0]?.field === 'body.rimNodeId',
  );
  await assert.rejects(
    actions.submit('acme', annotate({ parameters: { note: '', tags: [1] } }), undefined, call),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.issues.map((i) => i.field).sort(), [
        'body.parameters.note',
        'body.parameters.tags.0',
      ]);
      return true;
    },
  );
  assert.equal(store.rows.size, 0);
});

test('an idempotency key replays the first action, per tenant, and refuses a different request', async () => {
  const { actions, capsules } = setup();
  const first = await actions.submit('acme', annotate(), 'k1', call);
  const again = await actions.submit('acme', annotate(), 'k1', call);
  assert.equal(again.replayed, true);
  assert.deepEqual(again.action, first.action);
  assert.equal(capsules.length, 1);
  await assert.rejects(
    actions.submit('acme', annotate({ parameters: { note: 'other' } }), 'k1', call),
    IdempotencyConflictError,
  );
  const otherTenant = await actions.submit('globex', annotate(), 'k1', call);
  assert.equal(otherTenant.replayed, false);
  assert.equal(capsules.length, 2);
});

test('concurrent submissions with one key share the single run', async () => {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const { actions, capsules } = setup({ gate });
  const submissions = Array.from({ length: 5 }, () => actions.submit('acme', annotate(), 'k', call));
  const conflicting = actions.submit('acme', annotate({ parameters: { note: 'different' } }), 'k', call);
  await assert.rejects(conflicting, IdempotencyConflictError);
  open();
  const results = await Promise.all(submissions);
  assert.equal(new Set(results.map((r) => r.action.actionId)).size, 1);
  assert.deepEqual(
    results.map((r) => r.replayed),
    [false, true, true, true, true],
  );
  assert.equal(capsules.length, 1);
});

test('a key held by a running action elsewhere (another instance) is a 409 to retry', async () => {
  const { actions, store } = setup();
  await store.start('acme', {
    ...annotate(),
    actionId: 'x',
    idempotencyKey: 'held',
    fingerprint: requestFingerprint(annotate()),
    createdAt: 'now',
  });
  await assert.rejects(
    actions.submit('acme', annotate(), 'held', call),
    (error: unknown) => error instanceof StateConflictError && error.details.actionId === 'x',
  );
});

test('a failing peer ends the action as FAILURE (retryable) instead of throwing', async () => {
  const { actions } = setup({ capsuleFails: new UpstreamUnavailableError('capsule', 'circuit open') });
  const { action } = await actions.submit('acme', annotate(), undefined, call);
  assert.equal(action.outcomeStatus, 'FAILURE');
  assert.deepEqual(action.result, { error: 'capsule unavailable: circuit open', retryable: true });
});

test('an unexpected tool error is logged and hidden from the client', async () => {
  const errors: string[] = [];
  const { ports } = fakePorts({ capsuleFails: new TypeError('secret detail') });
  const actions = new SynapseActions({
    store: new MemoryActionLog(),
    tools: TOOLS,
    portsFor: () => ports,
    outcomes: { queue() {} },
    clock,
    log: { warn() {}, error: (_d, message) => errors.push(message) },
  });
  const { action } = await actions.submit('acme', annotate(), undefined, call);
  assert.equal(action.outcomeStatus, 'FAILURE');
  assert.doesNotMatch(JSON.stringify(action.result), /secret/);
  assert.deepEqual(errors, ['tool failed unexpectedly']);
});

test('governance.check fails when PLATO does not approve', async () => {
  const { actions } = setup();
  const { action } = await actions.submit(
    'acme',
    {
      toolId: 'governance.check',
      parameters: { actionType: 'TRADE' },
      executionMode: 'EXECUTE',
      planId: null,
      rimNodeId: 'rim:test:x',
    },
    undefined,
    call,
  );
  assert.equal(action.outcomeStatus, 'FAILURE');
  assert.deepEqual(action.result, { decision: 'DENY', triggeredPolicies: [{ ruleId: 'r' }] });
});

test('recovery ends interrupted actions as FAILURE and queues outcomes that never reached the outbox', async () => {
  const { actions, store, queued } = setup();
  await store.start('acme', {
    ...annotate(),
    actionId: 'crashed',
    idempotencyKey: 'k',
    fingerprint: 'f',
    createdAt: 'then',
  });
  const done = await actions.submit('acme', annotate(), undefined, call);
  store.rows.get(`acme/${done.action.actionId}`)!.queued = false;
  queued.length = 0;
  assert.deepEqual(await actions.recover(), { interrupted: 1, requeued: 2 });
  assert.deepEqual(queued.map((a) => a.actionId).sort(), ['crashed', done.action.actionId].sort());
  assert.equal((await actions.get('acme', 'crashed')).outcomeStatus, 'FAILURE');
  const replay = await actions.submit('acme', annotate(), 'k', call).catch((error: unknown) => error);
  assert.ok(replay instanceof IdempotencyConflictError, 'the interrupted key is never run again');
});

test('get is per tenant', async () => {
  const { actions } = setup();
  const { action } = await actions.submit('acme', annotate({ toolId: 'noop.echo' }), undefined, call);
  assert.equal((await actions.get('acme', action.actionId)).actionId, action.actionId);
  await assert.rejects(actions.get('globex', action.actionId), NotFoundError);
});
