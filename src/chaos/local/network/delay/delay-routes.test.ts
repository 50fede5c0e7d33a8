import { test } from 'node:test';
import assert from 'node:assert/strict';
import { delayRoutes, type RoutedPod } from './delay-routes.ts';

const capsule: RoutedPod = {
  name: 'capsule-service',
  address: '127.0.1.2',
  labels: {},
  ports: { http: 8080 },
};
const odyssey: RoutedPod = { name: 'odyssey-core', address: '127.0.1.3', labels: {}, ports: { http: 8080 } };
const redis0: RoutedPod = {
  name: 'redis-0',
  address: '127.0.4.1',
  labels: {},
  ports: { redis: 6379, bus: 16379 },
  uid: 2140,
};
const redis1: RoutedPod = {
  name: 'redis-1',
  address: '127.0.4.2',
  labels: {},
  ports: { redis: 6379, bus: 16379 },
  uid: 2141,
};

const summary = (routes: ReturnType<typeof delayRoutes>) =>
  routes.map((route) => ({
    to: `${route.destination.pod}:${route.destination.port}`,
    from: route.sources === 'any' ? 'any' : route.sources.map((end) => end.name).join(','),
    up: route.delayUpstream,
    down: route.delayDownstream,
  }));

test('direction to with a target delays what the selected pod sends, on connections either way', () => {
  assert.deepEqual(summary(delayRoutes('to', [capsule], [odyssey], [capsule, odyssey])), [
    { to: 'odyssey-core:8080', from: 'capsule-service', up: true, down: false },
    { to: 'capsule-service:8080', from: 'odyssey-core', up: false, down: true },
  ]);
});

test('direction from delays what the target sends; both delays everything between them', () => {
  assert.deepEqual(summary(delayRoutes('from', [capsule], [odyssey], [capsule, odyssey])), [
    { to: 'odyssey-core:8080', from: 'capsule-service', up: false, down: true },
    { to: 'capsule-service:8080', from: 'odyssey-core', up: true, down: false },
  ]);
  for (const route of delayRoutes('both', [capsule], [odyssey], [capsule, odyssey])) {
    assert.equal(route.delayUpstream, true);
    assert.equal(route.delayDownstream, true);
  }
});

test('without a target, every connection into the pod and from it to the rest of the cluster', () => {
  assert.deepEqual(summary(delayRoutes('to', [redis0], [], [redis0, redis1, capsule])), [
    { to: 'redis-1:6379', from: 'redis-0', up: true, down: false },
    { to: 'redis-1:16379', from: 'redis-0', up: true, down: false },
    { to: 'capsule-service:8080', from: 'redis-0', up: true, down: false },
    { to: 'redis-0:6379', from: 'any', up: false, down: true },
    { to: 'redis-0:16379', from: 'any', up: false, down: true },
  ]);
});

test('between two selected pods both sides are delayed, and routes from named pods come first', () => {
  assert.deepEqual(summary(delayRoutes('to', [redis0, redis1], [], [redis0, redis1])), [
    { to: 'redis-1:6379', from: 'redis-0', up: true, down: true },
    { to: 'redis-1:16379', from: 'redis-0', up: true, down: true },
    { to: 'redis-0:6379', from: 'redis-1', up: true, down: true },
    { to: 'redis-0:16379', from: 'redis-1', up: true, down: true },
    { to: 'redis-0:6379', from: 'any', up: false, down: true },
    { to: 'redis-0:16379', from: 'any', up: false, down: true },
    { to: 'redis-1:6379', from: 'any', up: false, down: true },
    { to: 'redis-1:16379', from: 'any', up: false, down: true },
  ]);
});

test('routes to one endpoint from several selected pods merge their sources', () => {
  const routes = delayRoutes('to', [redis0, redis1], [capsule], [redis0, redis1, capsule]);
  const toCapsule = routes.find((route) => route.destination.pod === 'capsule-service')!;
  assert.deepEqual(toCapsule.sources === 'any' ? 'any' : toCapsule.sources.map((end) => end.name), [
    'redis-0',
    'redis-1',
  ]);
});
