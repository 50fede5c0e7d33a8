// Evaluates a PromQL expression on scraped series with promtool (`promtool test rules` and a
// promql_expr_test), so a test can say "this alert's expression is true on what the exporter
// serves now" without running a Prometheus.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify, parse } from 'yaml';

const RULES = fileURLToPath(new URL('../../../monitoring/alerts/butterfly.rules.yml', import.meta.url));

/** One scraped sample: `name{labels}` as the text format prints it, and its value. */
export interface ScrapedSample {
  series: string;
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (the exporter's, without timestamps). */
export function parseExposition(text: string): ScrapedSample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
          m[1]!,
          m[2]!,
        ]),
      );
      return { series: `${match[1]}${match[2] ?? ''}`, name: match[1]!, labels, value: Number(match[3]) };
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
