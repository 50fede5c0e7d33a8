import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrafficEnd } from '../iptables/pod-traffic.ts';
import { faultFlows, flowMatches, markerRules } from './traffic-rules.ts';

const capsule: TrafficEnd = { name: 'capsule-service', address: '127.0.1.2' };
const odyssey: TrafficEnd = { name: 'odyssey-core', address: '127.0.1.3' };
const primary: TrafficEnd = { name: 'postgres-0', address: '127.0.3.1', uid: 2120 };
const replica: TrafficEnd = { name: 'postgres-1', address: '127.0.3.2', uid: 2121 };

const names = (flows: ReturnType<typeof faultFlows>) =>
  flows.map(
    (flow) => `${flow.from === 'any' ? 'any' : flow.from.name}>${flow.to === 'any' ? 'any' : flow.to.name}`,
  );

test('direction to, from and both, as Chaos Mesh defines them', () => {
  assert.deepEqual(names(faultFlows('to', [capsule], [odyssey])), ['capsule-service>odyssey-core']);
  assert.deepEqual(names(faultFlows('from', [capsule], [odyssey])), ['odyssey-core>capsule-service']);
  assert.deepEqual(names(faultFlows('both', [capsule], [odyssey])), [
    'capsule-service>odyssey-core',
    'odyssey-core>capsule-service',
  ]);
  assert.deepEqual(names(faultFlows('both', [capsule], [])), ['capsule-service>any', 'any>capsule-service']);
});

test('a pod in both the selection and the target has no flow with itself', () => {
  assert.deepEqual(names(faultFlows('to', [capsule, odyssey], [odyssey])), ['capsule-service>odyssey-core']);
});

test('service pods are matched by address both ways', () => {
  assert.deepEqual(flowMatches({ from: capsule, to: odyssey }), [['-s', '127.0.1.2', '-d', '127.0.1.3']]);
});

test('an engine pod is matched by its uid when sending and by the mark of its connections when receiving answers', () => {
  // The rule table for a primary→replica flow: what the primary sends (from its address, or as its
  // uid from 127.0.0.1) to the replica (its address, or answers on connections the replica opened).
  assert.deepEqual(flowMatches({ from: primary, to: replica }), [
    ['-s', '127.0.3.1', '-d', '127.0.3.2'],
    ['-s', '127.0.3.1', '-m', 'conntrack', '--ctdir', 'REPLY', '-m', 'connmark', '--mark', '2121/0xffff'],
    ['-m', 'owner', '--uid-owner', '2120', '-d', '127.0.3.2'],
    [
      '-m',
      'owner',
      '--uid-owner',
      '2120',
      '-m',
      'conntrack',
      '--ctdir',
      'REPLY',
      '-m',
      'connmark',
      '--mark',
      '2121/0xffff',
    ],
  ]);
  assert.deepEqual(markerRules(faultFlows('both', [primary], [replica])), [
    [
      '-m',
      'owner',
      '--uid-owner',
      '2121',
      '-m',
      'conntrack',
      '--ctdir',
      'ORIGINAL',
      '-j',
      'CONNMARK',
      '--set-mark',
      '2121/0xffff',
    ],
    [
      '-m',
      'owner',
      '--uid-owner',
      '2120',
      '-m',
      'conntrack',
      '--ctdir',
      'ORIGINAL',
      '-j',
      'CONNMARK',
      '--set-mark',
      '2120/0xffff',
    ],
  ]);
});

test('a flow to anything has no destination match and needs no mark', () => {
  assert.deepEqual(flowMatches({ from: capsule, to: 'any' }), [['-s', '127.0.1.2']]);
  assert.deepEqual(markerRules([{ from: primary, to: 'any' }]), []);
});
