import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sample } from './series/index.ts';
import { parseExposition, render } from './exposition.ts';

test('parseExposition reads back what render wrote, labels escaped or not', async () => {
  const samples: Sample[] = [
    { name: 'pg_up', labels: { instance: 'postgres-0', role: 'primary' }, value: 1 },
    { name: 'pg_replication_lag', labels: { database: 'butterfly', instance: 'postgres-1' }, value: 0.25 },
    { name: 'redis_cluster_state', labels: { cluster: 'a "quoted", odd\\name' }, value: 0 },
    { name: 'butterfly_exporter_collector_success', labels: { collector: 'redis' }, value: 1 },
  ];
  const parsed = parseExposition(await render(samples));
  const key = (s: Sample) => `${s.name}${JSON.stringify(s.labels)}`;
  assert.deepEqual(parsed.map(key).sort(), samples.map(key).sort());
  assert.equal(parsed.find((s) => s.name === 'pg_replication_lag')!.value, 0.25);
});

test('parseExposition skips series outside the catalog and refuses a line that is not a sample', () => {
  assert.deepEqual(
    parseExposition(
      '# HELP x y\nprocess_cpu_seconds_total 3\npg_up{instance="a",role="primary"} 1 1700000000\n',
    ),
    [{ name: 'pg_up', labels: { instance: 'a', role: 'primary' }, value: 1 }],
  );
  assert.throws(() => parseExposition('pg_up{instance="a"'), /not a sample line/);
});
