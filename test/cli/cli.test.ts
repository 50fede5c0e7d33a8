import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));

function butterfly(args: string[], node = process.execPath) {
  const result = spawnSync(node, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('--help lists the commands and exits 0', () => {
  const result = butterfly(['--help']);
  assert.equal(result.code, 0);
  for (const command of ['up', 'down', 'ps', 'logs', 'golden-path', 'serve'])
    assert.match(result.stdout, new RegExp(`^  ${command}\\s`, 'm'));
  assert.doesNotMatch(result.stdout, /^ {2}supervise/m, 'internal commands are not listed');
});

test('an unknown command exits 2 with a one-line reason and the usage', () => {
  const result = butterfly(['launch']);
  assert.equal(result.code, 2);
  assert.match(result.stderr.split('\n')[0]!, /^butterfly: unknown command 'launch'$/);
  assert.match(result.stderr, /Usage: butterfly <command>/);
});

test('an unknown flag exits 2 naming the flag and showing the command usage', () => {
  const result = butterfly(['ps', '--colour']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--colour/);
  assert.match(result.stderr, /Usage: butterfly ps/);
});

test('serve refuses an unknown service with exit 2 and the list of services', () => {
  const result = butterfly(['serve', 'hermes']);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /unknown service 'hermes'; expected one of perception, capsule, odyssey, plato, nexus, synapse/,
  );
});

test('serve refuses bad configuration with exit 2 naming the key', () => {
  const result = spawnSync(process.execPath, [BIN, 'serve', 'plato'], {
    encoding: 'utf8',
    env: { ...process.env, BUTTERFLY_HOST: '0.0.0.0', BUTTERFLY_AUTH: 'off' },
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /BUTTERFLY_AUTH: auth may be off only on a loopback address/);
});

test('a cluster command with no cluster running exits 2 and says so', () => {
  const result = butterfly(['ps', '--state-dir', '/tmp/butterfly-no-such-cluster']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /no Butterfly cluster is running/);
});

test('on an older system Node the launcher hands over to the pinned Node 24', () => {
  const systemNode = '/usr/bin/node';
  assert.ok(existsSync(systemNode), 'this machine has a system Node');
  const result = butterfly(['--version'], systemNode);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^butterfly \d+\.\d+\.\d+/);
});
