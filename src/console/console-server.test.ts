import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { writeReports } from '../chaos/report/index.ts';
import { sampleSuite } from '../chaos/report/testing/index.ts';
import { systemClock } from '../kit/time/index.ts';
import { buildConsole } from './console-server.ts';

const SECRET = 'console-test-secret-that-is-long-enough';
const root = mkdtempSync(join(tmpdir(), 'butterfly-console-'));
const reportsDir = join(root, 'reports');
const stateDir = join(root, 'state');

function build(host: string, env: NodeJS.ProcessEnv = {}): Promise<FastifyInstance> {
  return buildConsole({
    host,
    port: 0,
    target: 'local',
    stateDir,
    reportsDir,
    clock: systemClock,
    rules: [],
    env,
  });
}

async function token(roles: string[]): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('operator')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(SECRET));
}

let open: FastifyInstance;
let guarded: FastifyInstance;

before(async () => {
  writeReports(sampleSuite(), join(reportsDir, sampleSuite().id));
  open = await build('127.0.0.1');
  guarded = await build('0.0.0.0', { BUTTERFLY_JWT_SECRET: SECRET });
});

after(async () => {
  await open.close();
  await guarded.close();
  rmSync(root, { recursive: true, force: true });
});

test('the page, its modules and uPlot are served from the console itself', async () => {
  for (const [url, type] of [
    ['/', 'text/html'],
    ['/assets/console.js', 'text/javascript'],
    ['/vendor/uplot.js', 'text/javascript'],
    ['/vendor/uplot.css', 'text/css'],
  ] as const) {
    const answer = await open.inject(url);
    assert.equal(answer.statusCode, 200, url);
    assert.match(String(answer.headers['content-type']), new RegExp(type), url);
  }
  assert.equal((await open.inject('/assets/../console-server.ts')).statusCode, 404);
});

test('history lists the runs the CLI wrote, with verdicts, and a run has its timeline', async () => {
  const { runs } = (await open.inject('/api/chaos/runs')).json();
  const suite = sampleSuite();
  assert.equal(runs.length, suite.runs.length);
  assert.deepEqual(
    runs.map((run: { verdict: { result: string } }) => run.verdict.result).sort(),
    suite.runs.map((run) => run.verdict.result).sort(),
  );
  const detail = (await open.inject(`/api/chaos/runs/${encodeURIComponent(suite.id)}/0`)).json();
  assert.equal(detail.run.experiment, suite.runs[0]!.experiment);
  assert.ok(detail.timeline.length > 0);
  assert.equal((await open.inject(`/api/chaos/runs/${encodeURIComponent(suite.id)}/9`)).statusCode, 404);
});

test('bad input is a 400 naming the field, without a stack', async () => {
  const answer = await open.inject({ method: 'POST', url: '/api/remediate/A/apply', payload: {} });
  assert.equal(answer.statusCode, 400);
  const body = answer.json();
  assert.equal(body.error.details.issues[0].field, 'body.confirm');
  assert.doesNotMatch(answer.body, /at .*\.ts:\d+/);
  const scenario = (await open.inject('/api/remediate/E')).json();
  assert.equal(scenario.error.details.issues[0].field, 'params.scenario');
});

test('off loopback: no token is 401, a user token reads, a platform change needs admin', async () => {
  assert.equal((await guarded.inject('/')).statusCode, 200, 'the page itself is public');
  const refused = await guarded.inject('/api/chaos/runs');
  assert.equal(refused.statusCode, 401);
  assert.equal(refused.json().error.code, 'BFY_ERR_UNAUTHORIZED');
  const user = { authorization: `Bearer ${await token(['user'])}` };
  assert.equal((await guarded.inject({ url: '/api/chaos/runs', headers: user })).statusCode, 200);
  const cleanup = await guarded.inject({ method: 'POST', url: '/api/chaos/cleanup', headers: user });
  assert.equal(cleanup.statusCode, 403);
});

test('off loopback with no credentials configured the console refuses to start', async () => {
  await assert.rejects(build('0.0.0.0'), /needs credentials/);
});
