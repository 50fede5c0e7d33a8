import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { enginePods } from '../../index.ts';
import { initialTokens, NUM_TOKENS, renderCassandraYaml } from './cassandra-config.ts';
import { LOGBACK_XML, jvm17Args } from './jvm-options.ts';
import { parseNodetoolStatus } from './nodetool.ts';

const ring = enginePods('cassandra');

test('cassandra.yaml binds the node address, lists every node as a seed and keeps data under the pod folder', () => {
  const yaml = parse(renderCassandraYaml(ring[1]!, ring, '/state/pods/cassandra-1'));
  assert.equal(yaml.cluster_name, 'butterfly');
  assert.equal(yaml.listen_address, '127.0.2.2');
  assert.equal(yaml.rpc_address, '127.0.2.2');
  assert.equal(yaml.native_transport_port, 9042);
  assert.equal(yaml.storage_port, 7000);
  assert.equal(yaml.auto_bootstrap, false);
  assert.equal(yaml.seed_provider[0].parameters[0].seeds, '127.0.2.1:7000,127.0.2.2:7000,127.0.2.3:7000');
  assert.deepEqual(yaml.data_file_directories, ['/state/pods/cassandra-1/data']);
  for (const key of ['commitlog_directory', 'saved_caches_directory', 'hints_directory'])
    assert.match(yaml[key], /^\/state\/pods\/cassandra-1\//);
  assert.equal(yaml.num_tokens, NUM_TOKENS);
  assert.equal(yaml.initial_token.split(',').length, NUM_TOKENS);
});

test('initial tokens are distinct across the ring and cut it into equal parts', () => {
  const all = ring.flatMap((_, ordinal) => initialTokens(ordinal, ring.length)).map(BigInt);
  assert.equal(new Set(all).size, ring.length * NUM_TOKENS);
  const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.equal(sorted[0], -(2n ** 63n));
  const steps = new Set(sorted.slice(1).map((token, i) => token - sorted[i]!));
  for (const step of steps) assert.ok(step >= 2n ** 64n / 48n - 1n && step <= 2n ** 64n / 48n + 1n);
  assert.ok(sorted.at(-1)! < 2n ** 63n);
  // Dealt out in turn: walking the ring, the owner changes at every token.
  const owners = new Map(
    ring.flatMap((_, ordinal) =>
      initialTokens(ordinal, ring.length).map((token) => [BigInt(token), ordinal] as const),
    ),
  );
  const walk = sorted.map((token) => owners.get(token));
  assert.ok(walk.every((owner, i) => i === 0 || owner !== walk[i - 1]));
});

test('the JVM flags carry the Java 17 module options and logback avoids the comma pattern logback 1.5 rejects', () => {
  const args = jvm17Args();
  assert.ok(args.includes('--add-opens'));
  assert.equal(args[args.indexOf('--add-exports') + 1], 'java.base/jdk.internal.misc=ALL-UNNAMED');
  assert.ok(!args.some((arg) => arg.includes(' ')));
  assert.doesNotMatch(LOGBACK_XML, /ss,SSS/);
});

test('nodetool status lines are parsed into state and address', () => {
  const output = [
    'Datacenter: datacenter1',
    '=======================',
    'Status=Up/Down',
    '|/ State=Normal/Leaving/Joining/Moving',
    '--  Address    Load        Tokens  Owns (effective)  Host ID                               Rack',
    'UN  127.0.2.1  97.62 KiB   16      100.0%            6c5bc0d2-5046-489d-845d-b87df18eb4c4  rack1',
    'DN  127.0.2.2  116.78 KiB  16      100.0%            19db5092-ce66-4357-a7e4-23668efd6bc9  rack1',
    'UJ  127.0.2.3  87.2 KiB    16      100.0%            891debb7-97ec-42a6-9e7d-4f9e9b024e0e  rack1',
  ].join('\n');
  assert.deepEqual(parseNodetoolStatus(output), [
    { status: 'U', state: 'N', address: '127.0.2.1' },
    { status: 'D', state: 'N', address: '127.0.2.2' },
    { status: 'U', state: 'J', address: '127.0.2.3' },
  ]);
});
