import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { enginePods } from '../../index.ts';
import { PATRONI_SCOPE, renderPatroniYaml } from './patroni-config.ts';

const [etcd] = enginePods('etcd');
const members = enginePods('postgres');
const render = (index: number) =>
  parse(
    renderPatroniYaml({
      pod: members[index]!,
      podDir: `/state/pods/postgres-${index}`,
      etcd: etcd!,
      postgresBin: '/usr/lib/postgresql/15/bin',
    }),
  );

test('patroni.yml uses etcd v3, the member address for PostgreSQL and the REST API, and its own folders', () => {
  const config = render(1);
  assert.equal(config.scope, PATRONI_SCOPE);
  assert.equal(config.name, 'postgres-1');
  assert.deepEqual(config.etcd3, { hosts: '127.0.3.10:2379' });
  assert.equal(config.etcd, undefined, 'the v2 API is off in etcd 3.4');
  assert.equal(config.restapi.listen, '127.0.3.2:8008');
  assert.equal(config.postgresql.listen, '127.0.3.2:5432');
  assert.equal(config.postgresql.connect_address, '127.0.3.2:5432');
  assert.equal(config.postgresql.data_dir, '/state/pods/postgres-1/data');
  assert.equal(config.postgresql.parameters.unix_socket_directories, '/state/pods/postgres-1');
  assert.notEqual(
    render(0).postgresql.parameters.unix_socket_directories,
    config.postgresql.parameters.unix_socket_directories,
  );
});

test('pg_hba admits the whole loopback range, where replication connections come from 127.0.0.1', () => {
  const hba: string[] = render(0).postgresql.pg_hba;
  assert.ok(hba.includes('host all all 127.0.0.0/8 md5'));
  assert.ok(hba.includes('host replication replicator 127.0.0.0/8 md5'));
});

test("Patroni's loop fits its leader TTL (loop_wait + 2 × retry_timeout ≤ ttl) and replication uses slots", () => {
  const dcs = render(0).bootstrap.dcs;
  assert.ok(dcs.loop_wait + 2 * dcs.retry_timeout <= dcs.ttl);
  assert.equal(dcs.postgresql.use_slots, true);
  assert.equal(dcs.postgresql.parameters.wal_level, 'replica');
});
