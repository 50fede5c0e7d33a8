import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdempotencyConflictError, NotFoundError, StateConflictError } from '../../../kit/errors/index.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import { call, setup, annotate } from '../../../../test/fixtures/synapse-actions-setup.ts';

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
