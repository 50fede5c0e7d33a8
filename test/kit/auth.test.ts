import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { buildSample } from './build.ts';

const SECRET = 's'.repeat(48);
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const USER_KEY = 'user-key-0123456789abcdef';
const AUTH_ENV = {
  BUTTERFLY_AUTH: 'on',
  BUTTERFLY_JWT_SECRET: SECRET,
  BUTTERFLY_API_KEYS: JSON.stringify([
    { key: ADMIN_KEY, roles: ['admin'], name: 'ops' },
    { key: USER_KEY, tenant: 'acme', roles: [], name: 'acme-app' },
  ]),
};

async function hs256(claims: Record<string, unknown>, secret = SECRET) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('alice')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

test('with auth on, a request without credentials is 401 and health stays open', async () => {
  const { app } = await buildSample(AUTH_ENV);
  const denied = await app.inject({ url: '/api/v1/items/1' });
  assert.equal(denied.statusCode, 401);
  assert.equal(denied.json().error.code, 'BFY_ERR_UNAUTHORIZED');
  for (const open of ['/actuator/health', '/actuator/info', '/actuator/prometheus', '/actuator/health/db']) {
    assert.equal((await app.inject({ url: open })).statusCode, 200, open);
  }
  await app.close();
});

test('a valid HS256 token is accepted; a bad signature, an expired token or "none" is 401', async () => {
  const { app } = await buildSample(AUTH_ENV);
  const good = await app.inject({
    url: '/api/v1/items/1',
    headers: { authorization: `Bearer ${await hs256({})}` },
  });
  assert.equal(good.statusCode, 404, 'authenticated, and the item does not exist');
  const forged = await app.inject({
    url: '/api/v1/items/1',
    headers: { authorization: `Bearer ${await hs256({}, 'x'.repeat(48))}` },
  });
  assert.equal(forged.statusCode, 401);
  assert.match(forged.json().error.message, /signature/);
  const expired = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(new TextEncoder().encode(SECRET));
  assert.match(
    (await app.inject({ url: '/api/v1/items/1', headers: { authorization: `Bearer ${expired}` } })).json()
      .error.message,
    /expired/,
  );
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
  assert.equal(
    (await app.inject({ url: '/api/v1/items/1', headers: { authorization: `Bearer ${unsigned}` } }))
      .statusCode,
    401,
  );
  assert.equal(
    (await app.inject({ url: '/api/v1/items/1', headers: { authorization: 'Bearer not-a-jwt' } })).statusCode,
    401,
  );
  await app.close();
});

test('RS256 tokens verify against the configured public key', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const key = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
  const { app } = await buildSample({ BUTTERFLY_AUTH: 'on', BUTTERFLY_JWT_PUBLIC_KEY: pem });
  const token = await new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'RS256' })
    .setSubject('ops')
    .setExpirationTime('5m')
    .sign(key);
  const response = await app.inject({
    method: 'POST',
    url: '/actuator/circuitbreakers/odyssey-client/forceOpen',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.statusCode, 200);
  const hsToken = await hs256({});
  assert.equal(
    (await app.inject({ url: '/api/v1/items/1', headers: { authorization: `Bearer ${hsToken}` } }))
      .statusCode,
    401,
    'HS256 is not configured here',
  );
  await app.close();
});

test('API keys authenticate; an unknown key is 401', async () => {
  const { app } = await buildSample(AUTH_ENV);
  assert.equal(
    (await app.inject({ url: '/api/v1/items/1', headers: { 'x-api-key': ADMIN_KEY } })).statusCode,
    404,
  );
  assert.equal(
    (await app.inject({ url: '/api/v1/items/1', headers: { 'x-api-key': 'wrong-key-0123456789abcdef' } }))
      .statusCode,
    401,
  );
  await app.close();
});

test('state-changing management endpoints need the admin role', async () => {
  const { app } = await buildSample(AUTH_ENV);
  const url = '/actuator/circuitbreakers/odyssey-client/forceOpen';
  const user = await app.inject({ method: 'POST', url, headers: { 'x-api-key': USER_KEY } });
  assert.equal(user.statusCode, 403);
  assert.equal(user.json().error.code, 'BFY_ERR_FORBIDDEN');
  const userToken = await app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${await hs256({ roles: ['reader'] })}` },
  });
  assert.equal(userToken.statusCode, 403);
  const admin = await app.inject({ method: 'POST', url, headers: { 'x-api-key': ADMIN_KEY } });
  assert.equal(admin.statusCode, 200);
  assert.equal(
    (await app.inject({ url: '/actuator/circuitbreakers', headers: { 'x-api-key': USER_KEY } })).statusCode,
    200,
    'reading is for any caller',
  );
  await app.close();
});

test("a token's tenant_id must match X-Tenant-ID when both are present; alone it sets the tenant", async () => {
  const { app } = await buildSample(AUTH_ENV);
  const token = await hs256({ tenant_id: 'acme' });
  const mismatch = await app.inject({
    url: '/api/v1/items/1',
    headers: { authorization: `Bearer ${token}`, 'x-tenant-id': 'globex' },
  });
  assert.equal(mismatch.statusCode, 403);
  assert.match(mismatch.json().error.message, /acme/);
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/items',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: { name: 'a', size: 1 },
  });
  const id = created.json().id;
  assert.equal(
    (await app.inject({ url: `/api/v1/items/${id}`, headers: { 'x-api-key': USER_KEY } })).statusCode,
    200,
    'the acme key sees acme data',
  );
  assert.equal(
    (
      await app.inject({
        url: `/api/v1/items/${id}`,
        headers: { 'x-api-key': USER_KEY, 'x-tenant-id': 'globex' },
      })
    ).statusCode,
    403,
  );
  await app.close();
});

test('a valid API key with a bogus bearer token is 401: one credential, the one a peer call forwards', async () => {
  const { app } = await buildSample(AUTH_ENV);
  const both = await app.inject({
    url: '/api/v1/items/1',
    headers: { 'x-api-key': ADMIN_KEY, authorization: 'Bearer not-a-token' },
  });
  assert.equal(both.statusCode, 401);
  assert.match(both.json().error.message, /one credential/);
  const alone = await app.inject({ url: '/api/v1/items/1', headers: { 'x-api-key': ADMIN_KEY } });
  assert.equal(alone.statusCode, 404);
  await app.close();
});
