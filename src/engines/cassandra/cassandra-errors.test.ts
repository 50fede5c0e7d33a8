import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errors, types } from 'cassandra-driver';
import { UpstreamUnavailableError, WriteUnavailableError } from '../../kit/errors/index.ts';
import { isUnavailable, storeErrorOf } from './cassandra-errors.ts';
import { isUncertainWrite } from './lightweight-claim.ts';

const unavailable = new errors.ResponseError(
  types.responseErrorCodes.unavailableException,
  'Cannot achieve consistency level LOCAL_QUORUM',
);
const writeTimeout = new errors.ResponseError(
  types.responseErrorCodes.writeTimeout,
  'Server timeout during write query',
);
const syntax = new errors.ResponseError(
  types.responseErrorCodes.syntaxError,
  'line 1:0 no viable alternative',
);

test('a cluster that cannot serve is BFY_ERR_WRITE_UNAVAILABLE for writes and BFY_ERR_UPSTREAM_UNAVAILABLE for reads', () => {
  const write = storeErrorOf(unavailable, 'write');
  assert.ok(write instanceof WriteUnavailableError);
  assert.equal(write.retryAfterSeconds, 2);
  assert.equal(write.cause, unavailable);
  const read = storeErrorOf(new errors.NoHostAvailableError({}), 'read');
  assert.ok(read instanceof UpstreamUnavailableError);
  assert.equal(read.details.peer, 'cassandra');
});

test('a statement the cluster rejects as wrong is a bug and passes through unchanged', () => {
  assert.equal(storeErrorOf(syntax, 'write'), syntax);
  assert.equal(isUnavailable(syntax), false);
});

test('timeouts, overload and busy pools count as unavailable, also behind the kit error that wraps them', () => {
  assert.equal(isUnavailable(new errors.OperationTimedOutError('timed out')), true);
  assert.equal(isUnavailable(new errors.BusyConnectionError('127.0.2.1:9042', 1024, 2)), true);
  assert.equal(
    isUnavailable(new errors.ResponseError(types.responseErrorCodes.overloaded, 'overloaded')),
    true,
  );
  assert.equal(isUnavailable(storeErrorOf(writeTimeout, 'write')), true);
});

test('only a write timeout or a client timeout leaves a write uncertain; Unavailable wrote nothing', () => {
  assert.equal(isUncertainWrite(storeErrorOf(writeTimeout, 'write')), true);
  assert.equal(isUncertainWrite(new errors.OperationTimedOutError('timed out')), true);
  assert.equal(isUncertainWrite(storeErrorOf(unavailable, 'write')), false);
  assert.equal(isUncertainWrite(syntax), false);
});

test("a coordinator's connection lost mid-statement is unavailable, and an uncertain write", () => {
  // What the driver raises when the node it sent a non-idempotent statement to dies (kill -9).
  const DriverError = errors.DriverError as unknown as new (message: string) => Error;
  const socketClosed = Object.assign(new DriverError('Socket was closed'), { isSocketError: true });
  assert.equal(isUnavailable(socketClosed), true);
  assert.equal(isUncertainWrite(storeErrorOf(socketClosed, 'write')), true);
  assert.ok(storeErrorOf(socketClosed, 'write') instanceof WriteUnavailableError);
  const otherDriverError = new DriverError('Unexpected');
  assert.equal(isUnavailable(otherDriverError), false);
  assert.equal(isUncertainWrite(otherDriverError), false);
});
