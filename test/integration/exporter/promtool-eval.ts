// Evaluates a PromQL expression on scraped series with promtool (`promtool test rules` and a
// promql_expr_test), so a test can say "this alert's expression is true on what the exporter
// serves now" without running a Prometheus.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify, parse } from 'yaml';
import { parseExposition as readExposition } from '../../../src/exporter/index.ts';

const RULES = fileURLToPath(new URL('../../../monitoring/alerts/butterfly.rules.yml', import.meta.url));

/** One scraped sample: `name{labels}` as the text format prints it, and its value. */
export interface ScrapedSample {
  series: string;
  name: string;
  labels: Record<string, string>;
  value: number;
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Parses the exporter's text format (src/exporter's reader) into samples promtool can be given. */
export function parseExposition(text: string): ScrapedSample[] {
  return readExposition(text).map((sample) => {
    const labels = Object.entries(sample.labels).map(([name, value]) => `${name}="${escape(value)}"`);
    return {
      series: labels.length > 0 ? `${sample.name}{${labels.join(',')}}` : sample.name,
      name: sample.name,
      labels: { ...sample.labels },
      value: sample.value,
    };
  });
}

/** The `expr` of one alert in monitoring/alerts/butterfly.rules.yml. */
export function alertExpression(alert: string): string {
  const rules = parse(readFileSync(RULES, 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const rule = rules.groups.flatMap((group) => group.rules).find((candidate) => candidate.alert === alert);
  if (!rule) throw new Error(`no alert ${alert} in ${RULES}`);
  return rule.expr;
}

/**
 * Runs promtool with `samples` held constant for five minutes and checks that `expr` evaluates
 * to exactly `expected` (series in promtool's `name{labels}` form, and values) at 2 minutes.
 * Resolves with promtool's output when it agrees, rejects with it when not.
 */
export async function expectExpression(
  samples: readonly ScrapedSample[],
  expr: string,
  expected: readonly { labels: string; value: number }[],
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-promtool-'));
  try {
    const file = join(dir, 'scraped.test.yml');
    writeFileSync(
      file,
      stringify({
        tests: [
          {
            interval: '15s',
            input_series: samples.map((sample) => ({ series: sample.series, values: `${sample.value}x20` })),
            promql_expr_test: [{ expr, eval_time: '2m', exp_samples: expected.map((e) => ({ ...e })) }],
          },
        ],
      }),
    );
    return await new Promise((resolve, reject) => {
      execFile('promtool', ['test', 'rules', file], (error, stdout, stderr) =>
        error ? reject(new Error(`${stdout}${stderr}`)) : resolve(stdout),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
