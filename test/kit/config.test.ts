import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '../../src/kit/config/index.ts';
import { ConfigError } from '../../src/kit/errors/index.ts';

function issuesOf(env: Record<string, string>): { field: string; message: string }[] {
  try {
    loadServiceConfig('plato', env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.issues];
  }
  assert.fail('expected a ConfigError');
}

test('defaults: loopback, auth off, embedded profile, the service port', () => {
  const config = loadServiceConfig('plato', {});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8084);
  assert.equal(config.auth.mode, 'off');
  assert.equal(config.peers.capsule, 'http://127.0.0.1:8082');
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.auth));
});

test('each bad value is named by its key', () => {
  assert.deepEqual(
    issuesOf({ BUTTERFLY_PORT: 'eighty' }).map((i) => i.field),
    ['BUTTERFLY_PORT'],
  );
  const duration = issuesOf({ BUTTERFLY_HEALTH_TIMEOUT: 'soon' })[0]!;
  assert.equal(duration.field, 'BUTTERFLY_HEALTH_TIMEOUT');
  assert.match(duration.message, /duration/);
  assert.equal(issuesOf({ BUTTERFLY_PROFILE: 'cloud' })[0]!.field, 'BUTTERFLY_PROFILE');
  assert.equal(issuesOf({ BUTTERFLY_CAPSULE_URL: 'ftp://x' })[0]!.field, 'BUTTERFLY_CAPSULE_URL');
  assert.equal(issuesOf({ BUTTERFLY_API_KEYS: '[{"key":"short"}]' })[0]!.field, 'BUTTERFLY_API_KEYS.0.key');
  assert.equal(issuesOf({ BUTTERFLY_API_KEYS: 'not json' })[0]!.field, 'BUTTERFLY_API_KEYS');
});

test('auth off is refused on a non-loopback address, and auth on needs credentials', () => {
  const off = issuesOf({ BUTTERFLY_HOST: '0.0.0.0', BUTTERFLY_AUTH: 'off' })[0]!;
  assert.equal(off.field, 'BUTTERFLY_AUTH');
  assert.match(off.message, /loopback/);
  const auto = issuesOf({ BUTTERFLY_HOST: '0.0.0.0' })[0]!;
  assert.match(auto.message, /no credentials/, 'auto means on beyond loopback');
  const config = loadServiceConfig('plato', {
    BUTTERFLY_HOST: '0.0.0.0',
    BUTTERFLY_JWT_SECRET: 'x'.repeat(32),
  });
  assert.equal(config.auth.mode, 'on');
});

test('a config file supplies values the environment overrides; unknown keys are named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-config-'));
  const file = join(dir, 'butterfly.yaml');
  writeFileSync(file, 'BUTTERFLY_PORT: 9999\nBUTTERFLY_RATE_LIMIT_PER_MINUTE: 50\n');
  const config = loadServiceConfig('plato', { BUTTERFLY_CONFIG_FILE: file, BUTTERFLY_PORT: '9000' });
  assert.equal(config.port, 9000);
  assert.equal(config.rateLimitPerMinute, 50);
  writeFileSync(file, 'BUTTERFLY_PROT: 1\n');
  assert.equal(issuesOf({ BUTTERFLY_CONFIG_FILE: file })[0]!.field, 'BUTTERFLY_PROT');
  assert.equal(
    issuesOf({ BUTTERFLY_CONFIG_FILE: join(dir, 'missing.yaml') })[0]!.field,
    'BUTTERFLY_CONFIG_FILE',
  );
});
