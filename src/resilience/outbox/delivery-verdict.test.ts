import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryVerdict } from './delivery-verdict.ts';

const TABLE: Readonly<Record<number, string>> = {
  200: 'delivered',
  201: 'delivered',
  202: 'delivered',
  204: 'delivered',
  301: 'retry',
  400: 'refused',
  401: 'retry',
  403: 'retry',
  404: 'retry',
  408: 'retry',
  409: 'refused',
  413: 'refused',
  415: 'refused',
  422: 'refused',
  425: 'retry',
  429: 'retry',
  500: 'retry',
  502: 'retry',
  503: 'retry',
  504: 'retry',
};

test('one verdict per answer: 2xx delivered, the request-is-wrong 4xx refused, the rest retried', () => {
  for (const [status, verdict] of Object.entries(TABLE)) {
    assert.equal(deliveryVerdict(Number(status)), verdict, `status ${status}`);
  }
});
