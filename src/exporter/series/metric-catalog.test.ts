import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EXPORTER_METRICS } from './metric-catalog.ts';

const DOC = readFileSync(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');

test('docs/metrics.md describes every metric the exporter serves, with its labels', () => {
  for (const [name, metric] of Object.entries(EXPORTER_METRICS)) {
    const row = DOC.split('\n').find((line) => line.startsWith(`| \`${name}\``));
    assert.ok(row, `docs/metrics.md has no row for ${name}`);
    for (const label of metric.labels)
      assert.ok(row.includes(`\`${label}\``), `${name}: label ${label} undocumented`);
  }
});

test('docs/metrics.md lists no metric the exporter does not serve', () => {
  const documented = [...DOC.matchAll(/^\| `([a-z0-9_]+)`/gm)].map((match) => match[1]!);
  assert.deepEqual(
    documented.filter((name) => !(name in EXPORTER_METRICS)),
    [],
  );
});
