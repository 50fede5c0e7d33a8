import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallContext } from '../../../kit/http/index.ts';
import { annotationCapsule } from './capsule-annotate.ts';
import { peerToolPorts, sandboxToolPorts, TOOLS, toolById, ToolRejectedError } from './index.ts';

const call: CallContext = {
  tenant: 'acme',
  correlationId: 'corr',
  traceparent: '00-00000000000000000000000000000001-0000000000000001-01',
};

/** A peer client stand-in answering one status and body, recording what it was sent. */
function peerAnswering(status: number, body: unknown) {
  const sent: { path: string; body: unknown; headers: Record<string, string> | undefined; tenant: string }[] =
    [];
  return {
    sent,
    async post<T>(path: string, payload: unknown, context: CallContext, headers?: Record<string, string>) {
      sent.push({ path, body: payload, headers, tenant: context.tenant });
      return { status, body: body as T, headers: new Headers() };
    },
  };
}

test('the registry holds each tool under its own id, and only its own keys', () => {
  assert.deepEqual(Object.keys(TOOLS).sort(), ['capsule.annotate', 'governance.check', 'noop.echo']);
  for (const [id, tool] of Object.entries(TOOLS)) assert.equal(tool.id, id);
  for (const inherited of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
    assert.equal(toolById(TOOLS, inherited), undefined, inherited);
  assert.ok(Object.isFrozen(TOOLS));
});

test('capsule.annotate builds a capsule in the CAPSULE contract shape', () => {
  const capsule = annotationCapsule({
    actionId: 'a-1',
    tenant: 'acme',
    rimNodeId: 'rim:test:n',
    planId: null,
    parameters: { note: 'hello', tags: ['t'] },
    now: new Date(Date.UTC(2025, 0, 1)),
  });
  assert.deepEqual(capsule, {
    header: {
      scope: { scopeId: 'rim:test:n', description: 'annotation recorded by a SYNAPSE action' },
      time: { centerTsUtc: '2025-01-01T00:00:00.000Z', deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'synapse-service' },
    },
    configuration: { toolId: 'capsule.annotate', tags: ['t'] },
    dynamics: { note: 'hello' },
    meta: { actionId: 'a-1' },
  });
});

test('live ports call CAPSULE with the idempotency key and PLATO for decisions', async () => {
  const capsule = peerAnswering(201, { capsuleId: 'c-9' });
  const plato = peerAnswering(200, { decision: 'APPROVE', triggeredPolicies: [] });
  const ports = peerToolPorts({ capsule, plato }, call);
  assert.deepEqual(await ports.createCapsule({ x: 1 }, 'action-a'), { capsuleId: 'c-9', sandboxed: false });
  assert.deepEqual(capsule.sent, [
    {
      path: '/api/v1/capsules',
      body: { x: 1 },
      headers: { 'x-idempotency-key': 'action-a' },
      tenant: 'acme',
    },
  ]);
  const input = { rimNodeId: 'rim:test:n', action: { type: 'T', parameters: {} }, context: {} };
  assert.deepEqual(await ports.evaluateGovernance(input), { decision: 'APPROVE', triggeredPolicies: [] });
  assert.equal(plato.sent[0]?.path, '/api/v1/governance/evaluate');
});

test('a peer refusal becomes a ToolRejectedError with its message', async () => {
  const ports = peerToolPorts(
    { capsule: peerAnswering(400, { error: { message: 'bad scope' } }), plato: peerAnswering(404, {}) },
    call,
  );
  await assert.rejects(
    ports.createCapsule({}, 'k'),
    (error: unknown) =>
      error instanceof ToolRejectedError && error.message === 'capsule refused (400): bad scope',
  );
  await assert.rejects(
    ports.evaluateGovernance({ rimNodeId: 'rim:a:b', action: { type: 'T', parameters: {} }, context: {} }),
    ToolRejectedError,
  );
});

test('sandbox ports never write to CAPSULE but still read from PLATO', async () => {
  const capsule = peerAnswering(201, { capsuleId: 'c' });
  const plato = peerAnswering(200, { decision: 'DENY', triggeredPolicies: [] });
  const ports = sandboxToolPorts(peerToolPorts({ capsule, plato }, call));
  assert.deepEqual(await ports.createCapsule({}, 'k'), { capsuleId: null, sandboxed: true });
  assert.equal(capsule.sent.length, 0);
  assert.equal(
    (
      await ports.evaluateGovernance({
        rimNodeId: 'rim:a:b',
        action: { type: 'T', parameters: {} },
        context: {},
      })
    ).decision,
    'DENY',
  );
});
