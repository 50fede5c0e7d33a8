// The alert rules in monitoring/ against promtool, the runbook and the exporter's catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { EXPORTER_METRICS } from './series/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES = parse(readFileSync(`${ROOT}monitoring/alerts/butterfly.rules.yml`, 'utf8')) as {
  groups: {
    rules: {
      alert: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }[];
  }[];
};
const alerts = RULES.groups.flatMap((group) => group.rules);
const RUNBOOK = 'docs/runbooks/database-partial-outage.md';

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

test('monitoring/check.sh passes: promtool check rules and every promtool unit test', async () => {
  const result = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(`${ROOT}monitoring/check.sh`, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
  assert.equal(result.code, 0, result.output);
  assert.match(result.output, /SUCCESS: 11 rules found/);
});

test("the runbook's four alerts, the two more of issue 4 and issue 18's blind-spot alerts are all there", () => {
  assert.deepEqual(alerts.map((rule) => rule.alert).sort(), [
    'ButterflyExporterDown',
    'CassandraNodeDown',
    'CircuitBreakerOpen',
    'CrossServicePartition',
    'EngineSeriesAbsent',
    'PostgresPrimaryUnavailable',
    'PostgresReplicationLag',
    'RedisClusterDegraded',
    'ServiceScrapeDown',
    'ServiceUnreachable',
    'Watchdog',
  ]);
});

test('each alert has a severity, a for, a summary, a description and a runbook link that resolves', () => {
  const runbook = readFileSync(`${ROOT}${RUNBOOK}`, 'utf8');
  const anchors = new Set([...runbook.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)));
  for (const rule of alerts) {
    // The Watchdog fires always and pages nobody: severity none, no for.
    const watchdog = rule.alert === 'Watchdog';
    assert.ok(
      (watchdog ? ['none'] : ['critical', 'warning']).includes(rule.labels?.severity ?? ''),
      `${rule.alert}: severity`,
    );
    if (!watchdog) assert.match(rule.for ?? '', /^\d+[sm]$/, `${rule.alert}: for`);
    assert.ok(rule.annotations?.summary, `${rule.alert}: summary`);
    assert.ok(rule.annotations?.description, `${rule.alert}: description`);
    const [file, anchor] = (rule.annotations?.runbook_url ?? '').split('#');
    assert.equal(file, RUNBOOK, `${rule.alert}: runbook_url points at the runbook`);
    assert.ok(anchors.has(anchor ?? ''), `${rule.alert}: no heading in ${RUNBOOK} has the anchor #${anchor}`);
  }
});

test('each alert has a promtool unit test, and the exporter serves every series the rules read', () => {
  const tests = readdirSync(`${ROOT}monitoring/tests`)
    .filter((name) => name.endsWith('.test.yml'))
    .map((name) => readFileSync(`${ROOT}monitoring/tests/${name}`, 'utf8'))
    .join('\n');
  for (const rule of alerts) {
    assert.match(tests, new RegExp(`alertname: ${rule.alert}\\n`), `${rule.alert}: no promtool test`);
    for (const [name] of rule.expr.matchAll(/\b(?:cassandra|pg|redis|probe)_[a-z_]+/g))
      assert.ok(name in EXPORTER_METRICS, `${rule.alert} reads ${name}, which the exporter does not serve`);
  }
});
