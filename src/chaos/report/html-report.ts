import { formatDuration } from '../../kit/time/index.ts';
import { escapeMarkup } from './markup-text.ts';
import { describeLoad, measureRun, measureSuite } from './run-measures.ts';
import type { ExperimentRun, SuiteRun } from './run-record.ts';
import { renderTimelineSvg } from './timeline-svg.ts';

// Inline only: the page must open from a CI artifact store or a laptop with no network.
const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #24292f; margin: 2em auto; max-width: 1000px; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2.2em; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; margin: 0.5em 0; } td, th { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
.verdict { font-weight: 700; padding: 1px 8px; border-radius: 4px; color: #fff; }
.verdict-PASS { background: #1a7f37; } .verdict-FAIL { background: #d1242f; }
.reasons li { color: #82071e; } .differences li { color: #6e5000; }
code, .detail { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; } dt { color: #57606a; }
`;

function iso(at: number | undefined): string {
  return at === undefined ? '—' : new Date(at).toISOString();
}

function optionalDuration(ms: number | undefined): string {
  return ms === undefined ? '—' : formatDuration(ms);
}

function anchorOf(index: number): string {
  return `run-${index + 1}`;
}

function verdictBadge(result: 'PASS' | 'FAIL'): string {
  return `<span class="verdict verdict-${result}">${result}</span>`;
}

function summaryTable(suite: SuiteRun): string {
  const rows = suite.runs.map((run, i) => {
    const m = measureRun(run);
    return (
      `<tr><td><a href="#${anchorOf(i)}">${escapeMarkup(run.experiment)}</a></td><td>${verdictBadge(run.verdict.result)}</td>` +
      `<td>${escapeMarkup(run.target)} / ${escapeMarkup(run.mode)}</td><td>${optionalDuration(m.detectionMs)}</td>` +
      `<td>${optionalDuration(m.recoveryMs)}</td><td>${formatDuration(m.durationMs)}</td><td>${m.requests}</td>` +
      `<td>${(m.errorRate * 100).toFixed(1)}%</td></tr>`
    );
  });
  return [
    '<table class="summary">',
    '<thead><tr><th>experiment</th><th>verdict</th><th>target / mode</th><th>detection</th><th>recovery</th><th>took</th><th>requests</th><th>errors</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function list(className: string, items: readonly string[], empty: string): string {
  if (items.length === 0) return `<p class="${className}-none">${escapeMarkup(empty)}</p>`;
  return `<ul class="${className}">${items.map((item) => `<li>${escapeMarkup(item)}</li>`).join('')}</ul>`;
}

function eventsTable(run: ExperimentRun): string {
  const rows = run.events.map(
    (e) =>
      `<tr class="event event-${escapeMarkup(e.kind)}"><td>+${((e.at - run.startedAt) / 1000).toFixed(1)}s</td>` +
      `<td>${escapeMarkup(e.kind)}</td><td>${escapeMarkup(e.step ?? '')}</td><td class="detail">${escapeMarkup(e.detail)}</td></tr>`,
  );
  if (rows.length === 0) return '<p class="events-none">no events were recorded</p>';
  return `<table class="events"><thead><tr><th>at</th><th>event</th><th>step</th><th>detail</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function ledgerSection(run: ExperimentRun): string {
  if (!run.ledger) return '';
  const { acknowledged, lost, duplicated, unexpected } = run.ledger;
  const ids = (label: string, values: readonly string[]): string =>
    values.length === 0 ? '' : `<p>${label}: <code>${escapeMarkup(values.join(', '))}</code></p>`;
  return [
    '<h3>Ledger</h3>',
    `<p class="ledger">${acknowledged} acknowledged, ${lost.length} lost, ${duplicated.length} duplicated, ${unexpected.length} unexpected</p>`,
    ids('lost', lost),
    ids('duplicated', duplicated),
    ids('unexpected', unexpected),
  ].join('\n');
}

function runSection(run: ExperimentRun, index: number): string {
  const m = measureRun(run);
  const load = describeLoad(m);
  return [
    `<section class="run" id="${anchorOf(index)}" data-experiment="${escapeMarkup(run.experiment)}">`,
    `<h2>${escapeMarkup(run.experiment)} ${verdictBadge(run.verdict.result)}</h2>`,
    `<p><code>${escapeMarkup(run.file)}</code> — ${escapeMarkup(run.target)}, ${escapeMarkup(run.mode)}</p>`,
    run.verdict.result === 'FAIL'
      ? list('reasons', run.verdict.reasons, 'the verdict is FAIL without a reason')
      : '',
    '<dl class="timings">',
    `<dt>started</dt><dd>${iso(run.startedAt)}</dd>`,
    `<dt>fault injected</dt><dd>${iso(run.timings.faultInjectedAt)}</dd>`,
    `<dt>detected</dt><dd>${iso(run.timings.detectedAt)} (${optionalDuration(m.detectionMs)} after injection)</dd>`,
    `<dt>fault removed</dt><dd>${iso(run.timings.faultRemovedAt)}</dd>`,
    `<dt>recovered</dt><dd>${iso(run.timings.recoveredAt)} (${optionalDuration(m.recoveryMs)} after removal)</dd>`,
    `<dt>workload</dt><dd>${m.requests} requests, ${m.errors} errors, p50 ${optionalDuration(m.p50LatencyMs)}, p99 ${optionalDuration(m.p99LatencyMs)}</dd>`,
    ...(load === undefined ? [] : [`<dt>load</dt><dd class="load">${escapeMarkup(load)}</dd>`]),
    '</dl>',
    `<figure>${renderTimelineSvg(run)}<figcaption>Requests per second, error rate and latency per second; the shaded band is the fault window.</figcaption></figure>`,
    '<h3>Differences from Chaos Mesh</h3>',
    list(
      'differences',
      run.differences,
      'none: this run used Chaos Mesh itself, or the local fault matches it',
    ),
    ledgerSection(run),
    '<h3>Events</h3>',
    eventsTable(run),
    '</section>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * One self-contained HTML page for the suite (inline CSS and SVG, no scripts, nothing fetched):
 * the totals, then per experiment its verdict and reasons, timings, timeline plot, differences
 * from Chaos Mesh, ledger and events. It is also well-formed XML, so tests parse it strictly.
 */
export function renderHtmlReport(suite: SuiteRun): string {
  const totals = measureSuite(suite);
  const title = `Butterfly chaos suite ${suite.id}`;
  return [
    '<!DOCTYPE html>',
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="en">',
    '<head>',
    '<meta charset="utf-8"/>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
    `<title>${escapeMarkup(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeMarkup(title)} ${verdictBadge(totals.result)}</h1>`,
    `<p class="totals">${totals.passed} passed, ${totals.failed} failed — started ${iso(suite.startedAt)}, wall time ${formatDuration(totals.wallTimeMs)}</p>`,
    suite.runs.length === 0 ? '<p>No experiment ran.</p>' : summaryTable(suite),
    ...suite.runs.map(runSection),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
