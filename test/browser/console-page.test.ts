import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeReports } from '../../src/chaos/report/index.ts';
import { sampleSuite } from '../../src/chaos/report/testing/index.ts';
import { holdPod, readClusterState } from '../../src/cluster/index.ts';
import { SERVICE_NAMES } from '../../src/kit/platform/index.ts';
import { freePorts } from '../harness/free-ports.ts';
import { launchChromium, pageErrors, screenshot } from './browser.ts';
import { butterfly, startConsole, stopConsole } from './console-harness.ts';

// The callbacks of page.evaluate run in the page; the project compiles without the DOM library.
interface PageElement {
  children: ArrayLike<PageElement>;
  textContent: string | null;
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
  getElementById(id: string): PageElement | null;
};

const root = mkdtempSync(join(tmpdir(), 'butterfly-console-page-'));
const stateDir = join(root, 'state');
const reportsDir = join(root, 'reports');
const VICTIM = 'capsule-service';
let consoleProcess: ChildProcess | undefined;
let browser: Browser;
let page: Page;
let errors: string[];
let url = '';

/** The health word the page shows for a pod, or undefined before the table is drawn. */
function healthOf(pod: string): Promise<string | undefined> {
  return page.evaluate((name) => {
    const row = [...document.querySelectorAll('#services tbody tr')].find(
      (tr) => tr.children[1]?.textContent === name,
    );
    return row?.querySelector('[data-health]')?.getAttribute('data-health') ?? undefined;
  }, pod);
}

/** Milliseconds until the page shows `pod` with (or without) `status`. */
async function waitForHealth(
  pod: string,
  wanted: (status: string | undefined) => boolean,
  timeoutMs: number,
) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (wanted(await healthOf(pod))) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${pod} did not reach the wanted health in ${timeoutMs} ms (now ${await healthOf(pod)})`);
}

before(async () => {
  const ports = await freePorts(SERVICE_NAMES.length + 1);
  const portList = SERVICE_NAMES.map((name, i) => `${name}=${ports[i]}`).join(',');
  const up = butterfly('up', '--profile', 'embedded', '--ports', portList, '--state-dir', stateDir);
  assert.equal(up.code, 0, up.stdout + up.stderr);
  url = `http://127.0.0.1:${ports[SERVICE_NAMES.length]}/`;
  const listen = `127.0.0.1:${ports[SERVICE_NAMES.length]}`;
  consoleProcess = await startConsole(['--listen', listen, '--state-dir', stateDir, '--reports', reportsDir]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = pageErrors(page);
  page.on('dialog', (dialog) => void dialog.accept());
});

after(async () => {
  await browser?.close();
  await stopConsole(consoleProcess);
  if (existsSync(join(stateDir, 'cluster.json'))) butterfly('down', '--state-dir', stateDir);
  rmSync(root, { recursive: true, force: true });
});

test('the Now page renders every service healthy with no console errors', async () => {
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    (count) => document.querySelectorAll('#services [data-health="UP"]').length === count,
    SERVICE_NAMES.length,
    { timeout: 20_000 },
  );
  console.log(
    `time to first render (all ${SERVICE_NAMES.length} services drawn): ${Date.now() - started} ms`,
  );
  assert.match((await page.textContent('#verdict')) ?? '', /HEALTHY/);
  await screenshot(page, 'now-healthy');
  assert.deepEqual(errors, []);
});

test('a killed, held service shows within 5 s; cleanup of the leftover hold brings it back', async () => {
  holdPod(stateDir, VICTIM, 'chaos browser-test');
  const pid = readClusterState(stateDir)?.pods.find(({ pod }) => pod.name === VICTIM)?.status?.pid;
  assert.ok(pid, 'the victim has a pid');
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  const lag = await waitForHealth(VICTIM, (status) => status !== undefined && status !== 'UP', 5000);
  console.log(`matrix/health update lag after the kill: ${Date.now() - killedAt} ms (${lag} ms polled)`);
  assert.match((await page.textContent('#verdict')) ?? '', /DEGRADED/);
  await screenshot(page, 'now-service-down');

  await page.click('a[data-page="chaos"]');
  await page.waitForSelector('#cleanup', { timeout: 5000 });
  assert.match((await page.textContent('#leftovers')) ?? '', new RegExp(`held pod ${VICTIM}`));
  await page.click('#cleanup');
  await page.waitForFunction(
    () => /removed 1/.test(document.getElementById('leftovers')!.textContent ?? ''),
    null,
    {
      timeout: 10_000,
    },
  );
  await page.click('a[data-page="now"]');
  const back = await waitForHealth(VICTIM, (status) => status === 'UP', 120_000);
  console.log(`${VICTIM} UP again ${back} ms after the cleanup`);
  assert.deepEqual(errors, []);
});

test('a run recorded by the CLI appears in the history with its verdict and a uPlot timeline', async () => {
  const suite = sampleSuite();
  // The same writer `butterfly chaos run` ends with; chaos runs need the local profile's engines.
  writeReports(suite, join(reportsDir, 'chaos-sample'));
  await page.click('a[data-page="chaos"]');
  await page.waitForSelector('#history [data-verdict="PASS"]', { timeout: 5000 });
  const rows = await page.$$eval('#history tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
  assert.equal(rows.length, suite.runs.length);
  assert.ok(rows.some((row) => row.includes(suite.runs[0]!.experiment) && row.includes('PASS')));
  await page.click('#history tbody tr:first-child button');
  await page.waitForSelector('#timeline .uplot canvas', { timeout: 5000 });
  assert.match((await page.textContent('#run-detail')) ?? '', /Ledger: acknowledged/);
  await screenshot(page, 'chaos-timeline');
  assert.deepEqual(errors, []);
});

test('off loopback an unauthenticated request is refused', async () => {
  const [port] = await freePorts(1);
  const guarded = await startConsole(['--listen', `0.0.0.0:${port}`, '--state-dir', stateDir], {
    BUTTERFLY_JWT_SECRET: 'browser-test-secret-long-enough-for-hs256',
  });
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/now`);
    assert.equal(answer.status, 401);
    const body = (await answer.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'UNAUTHORIZED');
  } finally {
    await stopConsole(guarded);
  }
});
