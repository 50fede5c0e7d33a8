// One schemathesis run against one service of a running cluster (test/fuzz/schemathesis.test.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a run is pointed at and how long it may take. */
export interface FuzzTarget {
  st: string;
  url: string;
  reportDir: string;
  workDir: string;
  seconds: number;
  seed: string;
  /** The API key when auth is on: given for the document's `apiKey` scheme, so the auth checks know it. */
  apiKey?: string;
}

/** Runs schemathesis; resolves with its JSON report's text, printing its failures and summary. */
export async function fuzzOnce(target: FuzzTarget): Promise<string> {
  mkdirSync(target.reportDir, { recursive: true });
  const config = join(target.reportDir, 'schemathesis.toml');
  // OpenAPI-aware auth, not a plain header: the ignored-auth check then knows what to take away.
  if (target.apiKey) writeFileSync(config, `[auth.openapi.apiKey]\napi_key = "${target.apiKey}"\n`);
  const args = [
    ...(target.apiKey ? ['--config-file', config] : []),
    'run',
    `${target.url}/v3/api-docs`,
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--checks',
    'all',
    '--max-time',
    String(target.seconds),
    '--seed',
    target.seed,
    '--generation-database',
    'none',
    '--report',
    'json',
    '--report-dir',
    target.reportDir,
    '--no-color',
  ];
  // In the run's folder: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
  const child = spawn(target.st, args, { cwd: target.workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // schemathesis stops itself at --max-time; this only catches a hang.
  const guard = setTimeout(() => child.kill('SIGKILL'), (target.seconds + 120) * 1000);
  await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(guard);
  const report = readdirSync(target.reportDir).find((name) => name.endsWith('.json'));
  assert.ok(report, `schemathesis wrote no report:\n${output.slice(-4000)}`);
  // The failures section has each failing request as a curl line: what a fix starts from.
  const failures = output.indexOf('= FAILURES =');
  const summary = output.lastIndexOf('= SUMMARY =');
  process.stdout.write(
    output.slice(failures >= 0 ? failures - 40 : Math.max(0, summary - 40)).slice(0, 20_000),
  );
  return readFileSync(join(target.reportDir, report), 'utf8');
}
