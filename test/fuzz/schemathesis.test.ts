// The fuzz suite (npm run test:fuzz): the six services on the embedded profile, started by
// `butterfly up` as a user would, and schemathesis (installed by `butterfly setup`) against
// each one's /v3/api-docs — examples, coverage, fuzzing and stateful phases, every check, about a
// minute a service (BUTTERFLY_FUZZ_SECONDS). Any failure fails the service's test: a 5xx, an
// answer that breaks its schema, an undocumented status, a schema-valid request refused…
// A table of test cases and failures by kind is printed at the end. Not in `npm test`: it is red
// until the host parses bodies strictly and the OpenAPI documents say what the services answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirOf } from '../../src/cluster/engines/index.ts';
import { schemathesisBin } from '../../src/cluster/setup/index.ts';
import { SERVICE_NAMES, type ServiceName } from '../../src/kit/platform/index.ts';
import { freePorts } from '../harness/free-ports.ts';
import { failureLines, summaryOf, summaryTable, type FuzzSummary } from './schemathesis-report.ts';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));
const SECONDS = Number(process.env.BUTTERFLY_FUZZ_SECONDS ?? 60);
const SEED = process.env.BUTTERFLY_FUZZ_SEED ?? '20261206';
const st = schemathesisBin(cacheDirOf());
const workDir = mkdtempSync(join(tmpdir(), 'butterfly-fuzz-'));
const stateDir = join(workDir, 'state');
const ports = new Map<ServiceName, number>();
const summaries: FuzzSummary[] = [];

function butterfly(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

before(async () => {
  // No skip: a machine without schemathesis fails here and says what to run.
  assert.ok(existsSync(st), `no schemathesis at ${st}: run 'butterfly setup'`);
  const free = await freePorts(SERVICE_NAMES.length);
  SERVICE_NAMES.forEach((service, index) => ports.set(service, free[index]!));
  const list = SERVICE_NAMES.map((service) => `${service}=${ports.get(service)}`).join(',');
  const up = butterfly('up', '--profile', 'embedded', '--ports', list, '--timeout', '180s');
  assert.equal(up.code, 0, up.output);
});

after(() => {
  if (summaries.length > 0)
    process.stdout.write(`\nschemathesis, ${SECONDS}s a service:\n${summaryTable(summaries)}\n`);
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly('down');
  if (!process.env.BUTTERFLY_FUZZ_KEEP) rmSync(workDir, { recursive: true, force: true });
  else process.stdout.write(`reports kept in ${workDir}\n`);
});

/** Runs schemathesis against one service; resolves with its JSON report's text. */
async function fuzz(service: ServiceName): Promise<string> {
  const reportDir = join(workDir, service);
  mkdirSync(reportDir, { recursive: true });
  const args = [
    'run',
    `http://127.0.0.1:${ports.get(service)}/v3/api-docs`,
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--checks',
    'all',
    '--max-time',
    String(SECONDS),
    '--seed',
    SEED,
    '--generation-database',
    'none',
    '--report',
    'json',
    '--report-dir',
    reportDir,
    '--no-color',
  ];
  // In the run's folder: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
  const child = spawn(st, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // schemathesis stops itself at --max-time; this only catches a hang.
  const guard = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 180) * 1000);
  await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(guard);
  const report = readdirSync(reportDir).find((name) => name.endsWith('.json'));
  assert.ok(report, `schemathesis wrote no report:\n${output.slice(-4000)}`);
  process.stdout.write(output.slice(output.lastIndexOf('= SUMMARY =') - 40));
  return readFileSync(join(reportDir, report), 'utf8');
}

for (const service of SERVICE_NAMES) {
  test(`${service}: schemathesis finds no failure`, { timeout: (SECONDS + 240) * 1000 }, async () => {
    const summary = summaryOf(service, await fuzz(service));
    summaries.push(summary);
    assert.deepEqual(failureLines(summary), [], `${service}: ${summary.testCases} test cases`);
  });
}
