// The fuzz suite (npm run test:fuzz): the six services started by `butterfly up` as a user would,
// once with auth off and once with auth on (an API key every request carries), and schemathesis
// (installed by `butterfly setup`) against each one's /v3/api-docs — examples, coverage, fuzzing
// and stateful phases, every check, BUTTERFLY_FUZZ_SECONDS (default 25) a service and mode, so
// the embedded profile's two rounds take about six minutes. Any failure fails the service's test:
// a 5xx, an answer that breaks its schema, an undocumented status, a schema-valid request
// refused… A table of test cases and failures by kind, per profile and mode, is printed at the end.
// BUTTERFLY_FUZZ_PROFILES=embedded,local adds the local profile's real engines (wrap the run in
// `flock /tmp/butterfly-engines.lock`); embedded is the default. BUTTERFLY_FUZZ_AUTH=on runs one mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDirOf } from '../../src/cluster/engines/index.ts';
import { schemathesisBin } from '../../src/cluster/setup/index.ts';
import { SERVICE_NAMES } from '../../src/kit/platform/index.ts';
import { freePorts } from '../harness/free-ports.ts';
import { fuzzOnce } from './fuzz-run.ts';
import { failureLines, summaryOf, summaryTable, type FuzzSummary } from './schemathesis-report.ts';

const BIN = fileURLToPath(new URL('../../bin/butterfly.js', import.meta.url));
const SECONDS = Number(process.env.BUTTERFLY_FUZZ_SECONDS ?? 25);
const SEED = process.env.BUTTERFLY_FUZZ_SEED ?? '20261206';
const PROFILES = (process.env.BUTTERFLY_FUZZ_PROFILES ?? 'embedded').split(',');
const AUTH_MODES = (process.env.BUTTERFLY_FUZZ_AUTH ?? 'off,on').split(',');
const API_KEY = 'fuzz-api-key-0123456789abcdef';
const AUTH_ON = {
  BUTTERFLY_AUTH: 'on',
  BUTTERFLY_API_KEYS: JSON.stringify([{ key: API_KEY, roles: ['admin'], name: 'fuzz' }]),
  BUTTERFLY_PEER_API_KEY: API_KEY,
};
const st = schemathesisBin(cacheDirOf());
const workDir = mkdtempSync(join(tmpdir(), 'butterfly-fuzz-'));
const summaries: FuzzSummary[] = [];

function butterfly(stateDir: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--state-dir', stateDir], {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, ...env },
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

/** The services' URLs as `butterfly up` wrote them in cluster.json. */
function urlsOf(stateDir: string): Map<string, string> {
  const cluster = JSON.parse(readFileSync(join(stateDir, 'cluster.json'), 'utf8')) as {
    pods: { pod: { service?: string }; url?: string }[];
  };
  return new Map(cluster.pods.flatMap(({ pod, url }) => (pod.service && url ? [[pod.service, url]] : [])));
}

after(() => {
  if (summaries.length > 0)
    process.stdout.write(`\nschemathesis, ${SECONDS}s a service and mode:\n${summaryTable(summaries)}\n`);
  if (!process.env.BUTTERFLY_FUZZ_KEEP) rmSync(workDir, { recursive: true, force: true });
  else process.stdout.write(`reports kept in ${workDir}\n`);
});

for (const profile of PROFILES)
  for (const auth of AUTH_MODES)
    describe(`${profile}, auth ${auth}`, () => {
      const round = `${profile}-auth-${auth}`;
      const stateDir = join(workDir, round, 'state');
      const env = auth === 'on' ? AUTH_ON : { BUTTERFLY_AUTH: 'off' };
      let urls = new Map<string, string>();
      before(async () => {
        // No skip: a machine without schemathesis fails here and says what to run.
        assert.ok(existsSync(st), `no schemathesis at ${st}: run 'butterfly setup'`);
        const ports = await freePorts(SERVICE_NAMES.length);
        const list = SERVICE_NAMES.map((service, index) => `${service}=${ports[index]}`).join(',');
        const placement = profile === 'embedded' ? ['--ports', list] : [];
        const up = butterfly(stateDir, env, 'up', '--profile', profile, ...placement, '--timeout', '300s');
        assert.equal(up.code, 0, up.output);
        urls = urlsOf(stateDir);
      });
      after(() => {
        if (existsSync(join(stateDir, 'cluster.json'))) butterfly(stateDir, env, 'down');
      });
      for (const service of SERVICE_NAMES)
        test(`${service}: schemathesis finds no failure`, { timeout: (SECONDS + 180) * 1000 }, async () => {
          const report = await fuzzOnce({
            st,
            url: urls.get(service) ?? assert.fail(`no URL for ${service}`),
            reportDir: join(workDir, round, service),
            workDir,
            seconds: SECONDS,
            seed: SEED,
            ...(auth === 'on' ? { apiKey: API_KEY } : {}),
          });
          const summary = summaryOf(`${service} (${profile}, auth ${auth})`, report);
          summaries.push(summary);
          assert.deepEqual(failureLines(summary), [], `${service}: ${summary.testCases} test cases`);
        });
    });
