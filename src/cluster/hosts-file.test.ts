import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addHostsBlock, removeHostsBlock, withBlock, withoutBlock } from './hosts-file.ts';
import type { Pod } from './topology.ts';

const pod = (name: string, address: string): Omit<Pod, 'namespace'> => ({
  name,
  address,
  labels: {},
  ports: {},
});
const ORIGINAL = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n';

test('the block names each pod and replaces an older block instead of adding a second', () => {
  const once = withBlock(ORIGINAL, [pod('capsule-service', '127.0.1.2')]);
  assert.match(once, /^127\.0\.1\.2\tcapsule-service$/m);
  const twice = withBlock(once, [pod('odyssey-core', '127.0.1.3')]);
  assert.equal(twice.match(/# BEGIN butterfly/g)?.length, 1);
  assert.doesNotMatch(twice, /capsule-service/);
  assert.match(twice, /^127\.0\.1\.3\todyssey-core$/m);
  assert.equal(withoutBlock(twice), ORIGINAL);
});

test('adding then removing leaves the file exactly as it was', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'bfy-hosts-')), 'hosts');
  writeFileSync(path, ORIGINAL);
  addHostsBlock([pod('plato-service', '127.0.1.4'), pod('nexus-service', '127.0.1.5')], path);
  assert.match(readFileSync(path, 'utf8'), /127\.0\.1\.5\tnexus-service/);
  removeHostsBlock(path);
  assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
  removeHostsBlock(path);
  assert.equal(readFileSync(path, 'utf8'), ORIGINAL);
});
