import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../kit/errors/index.ts';
import { readSuiteRun } from './read-suite-run.ts';
import { summarizeSuite } from './text-summary.ts';
import { sampleSuite } from './testing/sample-suite.ts';
import { REPORT_FILES, writeReports } from './write-reports.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-chaos-report-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('writeReports writes the three reports into a new directory and nothing else', (t) => {
  const dir = join(tempDir(t), 'nested', 'run-1');
  const paths = writeReports(sampleSuite(), dir);
  assert.deepEqual(paths, {
    json: join(dir, REPORT_FILES.json),
    junit: join(dir, REPORT_FILES.junit),
    html: join(dir, REPORT_FILES.html),
  });
  assert.deepEqual(readdirSync(dir).sort(), Object.values(REPORT_FILES).sort());
  const json = JSON.parse(readFileSync(paths.json, 'utf8'));
  assert.equal(json.format, 'butterfly.chaos.report/v1');
  assert.equal(json.summary.result, 'FAIL');
  assert.deepEqual(
    json.summary.experiments.map((e: { experiment: string; result: string; detectionMs?: number }) => [
      e.experiment,
      e.result,
      e.detectionMs,
    ]),
    [
      ['capsule-odyssey-partition', 'PASS', 2000],
      ['redis-failover/delay <&"\'>', 'FAIL', undefined],
    ],
  );
});

test('the JSON report reads back as the same SuiteRun, from the directory or the file', (t) => {
  const dir = tempDir(t);
  const suite = sampleSuite();
  const paths = writeReports(suite, dir);
  assert.deepEqual(readSuiteRun(dir), suite);
  assert.deepEqual(readSuiteRun(paths.json), suite);
});

test('a missing or malformed report is a ValidationError naming what is wrong', (t) => {
  const dir = tempDir(t);
  assert.throws(
    () => readSuiteRun(dir),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.code === 'BFY_ERR_VALIDATION_FAILED' &&
      e.message.includes(REPORT_FILES.json),
  );
  writeFileSync(
    join(dir, REPORT_FILES.json),
    '{"id":"x","startedAt":0,"endedAt":1,"runs":[{"experiment":3}]}',
  );
  assert.throws(
    () => readSuiteRun(dir),
    (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.field === 'runs.0.experiment'),
  );
  writeFileSync(join(dir, REPORT_FILES.json), '{not json');
  assert.throws(() => readSuiteRun(dir), /is not JSON/);
});

test('the text summary gives totals, a line per experiment and each failure reason', () => {
  const text = summarizeSuite(sampleSuite());
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], 'Chaos suite suite-<1>: FAIL — 1 passed, 1 failed (wall time 1m00s)');
  assert.match(
    lines[1]!,
    /^ {2}PASS {2}capsule-odyssey-partition +local run {2}detection 2\.0s {2}recovery 4\.0s {2}took 30\.0s {2}300 requests, 20\.0% errors, p99 909ms$/,
  );
  assert.equal(
    lines[2],
    '        load: target 10/s, held 10/s from the fault to recovery (6.8/s acknowledged)',
  );
  assert.equal(lines[3], '        ledger: 300 acknowledged, 0 lost, 0 duplicated, 0 unexpected');
  assert.match(lines[4]!, /^ {2}FAIL {2}redis-failover\/delay .*detection — {2}recovery — .*no workload$/);
  assert.deepEqual(lines.slice(5), [
    '        - ODYSSEY answered 500 (allowed: 200, 503)',
    '        - line one',
    '          line two & "quoted" <b>',
  ]);
});
