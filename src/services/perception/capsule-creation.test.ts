import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { UpstreamUnavailableError } from '../../kit/errors/index.ts';
import type { CallContext } from '../../kit/http/index.ts';
import { DurableOutbox } from '../../resilience/outbox/index.ts';
import type { PeerResponse } from '../../resilience/peer/index.ts';
import {
  CAPSULE_CREATIONS_TOPIC,
  capsuleDelivery,
  capsuleRequestFor,
  enqueueCapsuleCreation,
  requeuePendingCapsules,
} from './capsule-creation.ts';
import type { PerceptionStore, Signal } from './perception-store.ts';

const signal: Signal = {
  tenant: 'acme',
  signalId: '3b241101-e2bb-4255-8caf-4136c566a962',
  rimNodeId: 'rim:entity:finance:EURUSD',
  signalType: 'price-tick',
  source: 'feed-7',
  payload: { bid: 1.08 },
  metadata: { region: 'eu' },
  receivedAt: Date.parse('2030-01-01T12:00:00.000Z'),
  capsuleId: null,
  capsuleStatus: 'PENDING',
  capsuleError: null,
};

/** A store that only records what the delivery tells it. */
function recordingStore(pending: Signal[] = []) {
  const attached: [string, string, string][] = [];
  const rejected: [string, string, string][] = [];
  const store = {
    attachCapsule: async (tenant: string, signalId: string, capsuleId: string) =>
      void attached.push([tenant, signalId, capsuleId]),
    rejectCapsule: async (tenant: string, signalId: string, reason: string) =>
      void rejected.push([tenant, signalId, reason]),
    pendingSignals: async () => pending,
  } as unknown as PerceptionStore;
  return { store, attached, rejected };
}

function capsulePeer(answer: () => Promise<PeerResponse>) {
  const calls: { path: string; body: unknown; context: CallContext; headers: Record<string, string> }[] = [];
  return {
    calls,
    capsule: {
      post: async <T>(
        path: string,
        body: unknown,
        context: CallContext,
        headers: Record<string, string> = {},
      ) => {
        calls.push({ path, body, context, headers });
        return (await answer()) as PeerResponse<T>;
      },
    },
  };
}

const silent = pino({ level: 'silent' });

function queued(outbox: DurableOutbox) {
  enqueueCapsuleCreation(outbox, signal, 'corr-1', 1000);
  return outbox.peek(CAPSULE_CREATIONS_TOPIC, 10)[0]!;
}

test('the capsule follows the contract: scope, time, vantage, configuration, dynamics, meta', () => {
  assert.deepEqual(capsuleRequestFor(signal), {
    header: {
      scope: { scopeId: 'rim:entity:finance:EURUSD', description: 'price-tick signal from feed-7' },
      time: { centerTsUtc: '2030-01-01T12:00:00.000Z', deltaTSeconds: 60, horizonSeconds: 3600 },
      vantage: { mode: 'OBSERVER', observerId: 'perception-api' },
    },
    configuration: { signalType: 'price-tick', source: 'feed-7' },
    dynamics: { payload: { bid: 1.08 } },
    meta: { signalId: signal.signalId },
  });
});

test('delivery posts with the idempotency key and the tenant, and records the capsule id', async () => {
  const outbox = new DurableOutbox(':memory:');
  const { store, attached } = recordingStore();
  const peer = capsulePeer(async () => ({
    status: 201,
    body: { capsuleId: 'cap-1' },
    headers: new Headers(),
  }));
  await capsuleDelivery({ store, capsule: peer.capsule, log: silent })(queued(outbox));
  assert.equal(peer.calls.length, 1);
  const call = peer.calls[0]!;
  assert.equal(call.path, '/api/v1/capsules');
  assert.deepEqual(call.headers, { 'x-idempotency-key': `signal-${signal.signalId}` });
  assert.equal(call.context.tenant, 'acme');
  assert.equal(call.context.correlationId, 'corr-1');
  assert.deepEqual(call.body, capsuleRequestFor(signal));
  assert.deepEqual(attached, [['acme', signal.signalId, 'cap-1']]);
});

test('an idempotent replay (200) records the same capsule', async () => {
  const outbox = new DurableOutbox(':memory:');
  const { store, attached } = recordingStore();
  const peer = capsulePeer(async () => ({
    status: 200,
    body: { capsuleId: 'cap-1' },
    headers: new Headers(),
  }));
  await capsuleDelivery({ store, capsule: peer.capsule, log: silent })(queued(outbox));
  assert.deepEqual(attached, [['acme', signal.signalId, 'cap-1']]);
});

test('an unavailable CAPSULE or a 429 is retried: the delivery throws and records nothing', async () => {
  const outbox = new DurableOutbox(':memory:');
  const { store, attached, rejected } = recordingStore();
  const down = capsulePeer(() => Promise.reject(new UpstreamUnavailableError('capsule', 'ECONNREFUSED')));
  await assert.rejects(
    capsuleDelivery({ store, capsule: down.capsule, log: silent })(queued(outbox)),
    UpstreamUnavailableError,
  );
  const limited = capsulePeer(async () => ({ status: 429, body: {}, headers: new Headers() }));
  await assert.rejects(
    capsuleDelivery({ store, capsule: limited.capsule, log: silent })(queued(outbox)),
    /answered 429/,
  );
  assert.deepEqual([attached, rejected], [[], []]);
});

test('a 400 is refused for good: recorded on the signal, not retried (it would hold the queue forever)', async () => {
  const outbox = new DurableOutbox(':memory:');
  const { store, rejected } = recordingStore();
  const peer = capsulePeer(async () => ({
    status: 400,
    body: { error: { code: 'BFY_ERR_VALIDATION_FAILED', message: 'invalid body' } },
    headers: new Headers(),
  }));
  await capsuleDelivery({ store, capsule: peer.capsule, log: silent })(queued(outbox));
  assert.deepEqual(rejected, [
    ['acme', signal.signalId, 'CAPSULE answered 400 BFY_ERR_VALIDATION_FAILED: invalid body'],
  ]);
});

test('signals left PENDING are queued again at startup, once', async () => {
  const outbox = new DurableOutbox(':memory:');
  const { store } = recordingStore([signal]);
  assert.equal(await requeuePendingCapsules(store, outbox, 5000), 1);
  assert.equal(await requeuePendingCapsules(store, outbox, 5000), 0, 'already queued');
  const entry = outbox.peek(CAPSULE_CREATIONS_TOPIC, 10)[0]!;
  assert.equal(entry.key, signal.signalId);
  assert.equal(entry.tenant, 'acme');
});
