// The Dockerfile, checked statically: no container engine runs on the machines that test this
// project, so it is parsed instead of built. Node 24 in every stage, an unprivileged user in the
// image that runs, only the project's own files copied, and the chart's commands served.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CHART_DIR, PROJECT_DIR } from './k8s-test-env.ts';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(readFileSync(join(PROJECT_DIR, 'Dockerfile'), 'utf8'));
const args = Object.fromEntries(
  dockerfile
    .filter((i) => i.op === 'ARG' && i.args.includes('='))
    .map((i) => i.args.split('=') as [string, string]),
);
const expand = (text: string) => text.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
const stages = dockerfile.reduce<Instruction[][]>(
  (all, i) => (i.op === 'FROM' ? [...all, [i]] : (all.at(-1)?.push(i), all)),
  [],
);
const final = stages.at(-1)!;

describe('the Dockerfile', () => {
  it('builds every stage on Node 24, the version package.json asks for', () => {
    const engines = (
      JSON.parse(readFileSync(join(PROJECT_DIR, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    assert.match(engines, /^>=24\./);
    for (const stage of stages) {
      const image = expand(stage[0]!.args.split(/\s+/)[0]!);
      assert.match(image, /^node:24\.\d+\.\d+-[a-z-]+$/, `stage image ${image}`);
    }
  });

  it('runs as an unprivileged user', () => {
    const users = final.filter((i) => i.op === 'USER').map((i) => i.args);
    assert.ok(users.length > 0, 'the final stage sets USER');
    const user = users.at(-1)!.split(':')[0]!;
    assert.ok(!['root', '0', ''].includes(user), `USER ${user}`);
    assert.ok(Number(user) >= 1000, 'a numeric uid, so runAsNonRoot can verify it');
    const chart = readFileSync(join(CHART_DIR, 'templates/_helpers.tpl'), 'utf8');
    assert.match(chart, new RegExp(`runAsUser: ${user}\\b`), 'the chart runs the same uid');
  });

  it('copies only the project, from paths that exist, never the build context as a whole', () => {
    const copies = dockerfile.filter((i) => i.op === 'COPY' || i.op === 'ADD');
    assert.ok(
      copies.every((i) => i.op === 'COPY'),
      'no ADD (no URLs, no archives)',
    );
    for (const copy of copies.filter((i) => !i.args.startsWith('--from='))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        assert.ok(!['.', './', '*', '/'].includes(source), `COPY ${copy.args} copies the whole context`);
        assert.ok(existsSync(join(PROJECT_DIR, source)), `${source} is in the project`);
      }
    }
    const ignore = readFileSync(join(PROJECT_DIR, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    assert.equal(
      ignore.find((l) => l && !l.startsWith('#')),
      '*',
      '.dockerignore starts by excluding everything',
    );
  });

  it('installs production dependencies from the lock file only', () => {
    const installs = dockerfile.filter((i) => i.op === 'RUN' && /\bnpm\b/.test(i.args));
    assert.ok(installs.some((i) => /npm ci --omit=dev/.test(i.args)));
    assert.ok(!installs.some((i) => /npm install\b/.test(i.args)));
  });

  it("starts butterfly, which the chart's pods give `serve <service>` or `exporter`", () => {
    const entrypoint = final.find((i) => i.op === 'ENTRYPOINT');
    assert.deepEqual(JSON.parse(entrypoint!.args), ['node', 'bin/butterfly.js']);
    const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as {
      image: { repository: string; tag: string };
    };
    assert.ok(values.image.repository, 'the image reference is in values');
    assert.match(
      readFileSync(join(CHART_DIR, 'templates/services.yaml'), 'utf8'),
      /args: \[serve, \{\{ \$name \}\}\]/,
    );
  });
});
