import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rolesInFile } from './role-memory.ts';

test('roles kept in a file survive a restart of the exporter', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-roles-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'exporter', 'postgres-roles.json');
  const first = rolesInFile(file);
  assert.equal(first.get('postgres-0'), undefined);
  first.remember('postgres-0', 'primary');
  first.remember('postgres-1', 'replica');
  const second = rolesInFile(file);
  assert.equal(second.get('postgres-0'), 'primary');
  assert.equal(second.get('postgres-1'), 'replica');
});

test('an unreadable roles file starts empty instead of failing the exporter', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bfy-roles-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'roles.json');
  writeFileSync(file, '{not json');
  assert.equal(rolesInFile(file).get('postgres-0'), undefined);
  writeFileSync(file, JSON.stringify({ 'postgres-0': 3 }));
  assert.equal(rolesInFile(file).get('postgres-0'), undefined);
});
