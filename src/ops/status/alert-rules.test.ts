import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UnsupportedExpressionError } from '../promql/index.ts';
import { activeAlerts } from './alert-conditions.ts';
import { loadAlertRules, parseAlertRules, RULES_FILE } from './alert-rules.ts';
import { diagnose } from './diagnose.ts';
import { SCRAPE_JOBS } from './scrape-jobs.ts';
import { healthyObservations, serviceOf } from './testing/observations-fixture.ts';

const shipped = loadAlertRules();
const names = (o: ReturnType<typeof healthyObservations>, rules = shipped) =>
  activeAlerts(o, rules).map((a) => `${a.alert} ${a.subject}`);

test('the verdict follows a threshold changed in a copy of the rules file (lag 30 → 5)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-rules-'));
  try {
    const copy = join(dir, 'butterfly.rules.yml');
    const text = readFileSync(RULES_FILE, 'utf8');
    assert.match(text, /pg_replication_lag\{database="butterfly"\} > 30/);
    writeFileSync(
      copy,
      text.replace(
        'pg_replication_lag{database="butterfly"} > 30',
        'pg_replication_lag{database="butterfly"} > 5',
      ),
    );
    const edited = loadAlertRules(copy);
    const o = healthyObservations();
    o.postgres![1]!.lagSeconds = 10;
    assert.deepEqual(names(o), []);
    assert.equal(diagnose(o, shipped).verdict, 'healthy');
    assert.deepEqual(names(o, edited), ['PostgresReplicationLag postgres-1 10s']);
    assert.equal(diagnose(o, edited).verdict, 'degraded');
    assert.match(diagnose(o, edited).scenarios[0]!.evidence.join('\n'), /postgres-1 10s behind the primary/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rule outside the PromQL subset is refused, naming the rule and the construct', () => {
  const text =
    'groups:\n  - name: g\n    rules:\n      - alert: HighErrorRate\n        expr: rate(http_server_requests_seconds_count[5m]) > 1\n';
  assert.throws(
    () => parseAlertRules(text),
    (error: unknown) =>
      error instanceof UnsupportedExpressionError &&
      /alert rule HighErrorRate: the function `rate`/.test(error.message),
  );
});

test('blind: the exporter not answering holds ButterflyExporterDown, and nothing claims the engines are well', () => {
  const o = healthyObservations();
  o.exporterUp = false;
  delete o.cassandra;
  delete o.postgres;
  delete o.redis;
  delete o.matrix;
  o.unobserved = ['butterfly-exporter: its /metrics did not answer'];
  assert.deepEqual(names(o), ['ButterflyExporterDown butterfly-exporter does not answer']);
  assert.equal(diagnose(o).verdict, 'unknown');
});

test('blind: a series absent while the exporter answers holds EngineSeriesAbsent naming it', () => {
  const o = healthyObservations();
  delete o.cassandra;
  delete o.matrix;
  assert.deepEqual(names(o), [
    'EngineSeriesAbsent cassandra_node_status absent',
    'EngineSeriesAbsent probe_success absent',
  ]);
  const lagless = healthyObservations();
  delete lagless.postgres![1]!.lagSeconds;
  assert.deepEqual(names(lagless), ['EngineSeriesAbsent pg_replication_lag absent']);
  lagless.postgres![0]!.running = false;
  assert.deepEqual(names(lagless), ['PostgresPrimaryUnavailable no running primary']);
});

test('a service that answers nobody: ServiceUnreachable and ServiceScrapeDown, no partition', () => {
  const o = healthyObservations();
  serviceOf(o, 'plato').status = 'UNREACHABLE';
  for (const cell of o.matrix!) if (cell.target === 'plato') cell.status = 0;
  assert.deepEqual(names(o), ['ServiceUnreachable plato', 'ServiceScrapeDown plato-service']);
});

test('the Watchdog is not listed; the embedded profile evaluates no rule over the exporter', () => {
  assert.ok(shipped.some((rule) => rule.alert === 'Watchdog'));
  const embedded = healthyObservations();
  embedded.profile = 'embedded';
  for (const key of ['cassandra', 'postgres', 'redis', 'matrix', 'exporterUp'] as const) delete embedded[key];
  assert.deepEqual(names(embedded), []);
  serviceOf(embedded, 'odyssey').openBreakers = { 'capsule-client': 'OPEN' };
  assert.deepEqual(names(embedded), ['CircuitBreakerOpen odyssey/capsule-client']);
});

test("status's up series use monitoring/prometheus.yml's job names", () => {
  const config = parse(
    readFileSync(new URL('../../../monitoring/prometheus.yml', import.meta.url), 'utf8'),
  ) as {
    scrape_configs: { job_name: string }[];
  };
  assert.deepEqual(
    config.scrape_configs.map((job) => job.job_name).sort(),
    Object.values(SCRAPE_JOBS).sort(),
  );
});

test('blind with the exporter held down by a fault: still "cannot tell", the hold reported', () => {
  const o = healthyObservations();
  o.exporterUp = false;
  for (const key of ['cassandra', 'postgres', 'redis', 'matrix'] as const) delete o[key];
  o.heldPods = ['butterfly-exporter'];
  o.chaosLeftovers = ['podchaos-exporter-down: pod-failure butterfly-exporter'];
  o.unobserved = ['butterfly-exporter: its /metrics did not answer'];
  const diagnosis = diagnose(o);
  assert.equal(diagnosis.verdict, 'unknown');
  assert.match(diagnosis.otherFindings.join('\n'), /pod butterfly-exporter is held down/);
  o.heldPods.push('cassandra-1');
  assert.equal(diagnose(o).verdict, 'degraded');
});
