import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, types } from 'cassandra-driver';
import type { Clock } from '../../kit/time/index.ts';
import { storeErrorOf } from './cassandra-errors.ts';
import { lightweightTransaction, serialReadStatement, type CqlStatement } from './cql-statement.ts';
import { CLAIM_ATTEMPTS, claimKey, contentionPauseMs } from './lightweight-claim.ts';

const claim = lightweightTransaction('INSERT INTO claims (k, owner) VALUES (?, ?) IF NOT EXISTS', [
  'k',
  'me',
]);
const holderRead = serialReadStatement('SELECT owner FROM claims WHERE k = ?', ['k']);
const row = (owner: string) =>
  ({ get: (column: string) => (column === 'owner' ? owner : undefined) }) as types.Row;
const answer = (applied: boolean, rows: types.Row[] = []) =>
  ({ wasApplied: () => applied, first: () => rows[0] ?? null, rows }) as unknown as types.ResultSet;
const contention = () =>
  storeErrorOf(
    new errors.ResponseError(types.responseErrorCodes.writeTimeout, 'CAS timeout'),
    'write',
  ) as Error;

/** A session that answers each statement from its script, in order, and records what ran. */
function scripted(script: (statement: CqlStatement) => types.ResultSet | Error) {
  const ran: string[] = [];
  const sleeps: number[] = [];
  const clock = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) } as unknown as Clock;
  const session = {
    clock,
    async execute(statement: CqlStatement) {
      ran.push(statement.lwt ? 'claim' : 'serial-read');
      const result = script(statement);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { session, ran, sleeps };
}

const isMe = (holder: types.Row) => holder.get('owner') === 'me';

test('an applied claim is ours; one not applied names the holder from the LWT answer', async () => {
  const won = scripted(() => answer(true));
  assert.deepEqual(await claimKey(won.session, claim, holderRead, isMe), { applied: true });
  const lost = scripted(() => answer(false, [row('them')]));
  const result = await claimKey(lost.session, claim, holderRead, isMe);
  assert.equal(result.applied, false);
  assert.equal(!result.applied && result.holder.get('owner'), 'them');
  assert.deepEqual(lost.ran, ['claim']);
});

test('an unknown outcome is settled by a serial read: our row means we hold it', async () => {
  const { session, ran } = scripted((statement) =>
    statement.lwt ? contention() : answer(true, [row('me')]),
  );
  assert.deepEqual(await claimKey(session, claim, holderRead, isMe), { applied: true });
  assert.deepEqual(ran, ['claim', 'serial-read'], 'the LWT is not blindly retried');
});

test("an unknown outcome with someone else's row is a lost claim", async () => {
  const { session } = scripted((statement) => (statement.lwt ? contention() : answer(true, [row('them')])));
  const result = await claimKey(session, claim, holderRead, isMe);
  assert.equal(result.applied, false);
});

test('no row after an unknown outcome: the claim never landed and is tried again after a pause', async () => {
  let claims = 0;
  const { session, ran, sleeps } = scripted((statement) => {
    if (!statement.lwt) return answer(true, []);
    claims += 1;
    return claims === 1 ? contention() : answer(true);
  });
  assert.deepEqual(await claimKey(session, claim, holderRead, isMe), { applied: true });
  assert.deepEqual(ran, ['claim', 'serial-read', 'claim']);
  assert.equal(sleeps.length, 1);
});

test('contention that never settles gives up after the attempts with the last error', async () => {
  const { session, ran } = scripted((statement) => (statement.lwt ? contention() : answer(true, [])));
  await assert.rejects(claimKey(session, claim, holderRead, isMe), { code: 'BFY_ERR_WRITE_UNAVAILABLE' });
  assert.equal(ran.filter((name) => name === 'claim').length, CLAIM_ATTEMPTS);
});

test('a certain failure (Unavailable: nothing was written) is not retried', async () => {
  const unavailable = storeErrorOf(
    new errors.ResponseError(types.responseErrorCodes.unavailableException, 'not enough replicas'),
    'write',
  ) as Error;
  const { session, ran } = scripted(() => unavailable);
  await assert.rejects(claimKey(session, claim, holderRead, isMe), { code: 'BFY_ERR_WRITE_UNAVAILABLE' });
  assert.deepEqual(ran, ['claim']);
});

test('pauses between attempts grow and are jittered within [ceiling/2, ceiling]', () => {
  assert.equal(
    contentionPauseMs(1, () => 0),
    25,
  );
  assert.equal(
    contentionPauseMs(1, () => 1),
    50,
  );
  assert.equal(
    contentionPauseMs(3, () => 0.5),
    150,
  );
});

test('an uncertain claim whose serial read finds the quorum gone stops at once', async () => {
  const unavailable = storeErrorOf(
    new errors.ResponseError(types.responseErrorCodes.unavailableException, 'not enough replicas'),
    'read',
  ) as Error;
  const { session, ran } = scripted((statement) => (statement.lwt ? contention() : unavailable));
  await assert.rejects(claimKey(session, claim, holderRead, isMe), { code: 'BFY_ERR_WRITE_UNAVAILABLE' });
  assert.deepEqual(ran, ['claim', 'serial-read']);
});

test('settling stops when the time budget is spent', async () => {
  let now = 0;
  const { session, ran } = scripted((statement) => {
    now += 1500;
    return statement.lwt ? contention() : answer(true, []);
  });
  const timed = { ...session, clock: { ...session.clock, now: () => now } };
  await assert.rejects(claimKey(timed, claim, holderRead, isMe, { budgetMs: 4000 }), {
    code: 'BFY_ERR_WRITE_UNAVAILABLE',
  });
  assert.deepEqual(ran, ['claim', 'serial-read', 'claim', 'serial-read']);
});
