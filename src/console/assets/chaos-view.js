import { api } from './api.js';
import { badge, el, fill, offset, table } from './dom.js';
import { plotTimeline } from './timeline-plot.js';

async function showPlan(name) {
  const plan = document.getElementById('plan');
  plan.hidden = false;
  plan.textContent = 'planning…';
  try {
    plan.textContent = (await api(`/api/chaos/experiments/${encodeURIComponent(name)}/plan`)).plan;
  } catch (error) {
    plan.textContent = `✗ ${error.message}`;
  }
  plan.focus();
}

async function loadExperiments() {
  const experiments = await api('/api/chaos/experiments');
  table(
    'experiments',
    ['Name', 'Kind', 'Category', 'Source', 'Faults', 'Schedule', ''],
    experiments.map((e) => [
      e.name,
      e.kind,
      e.category,
      e.source,
      e.faults.join('; '),
      e.schedule ?? '—',
      el('button', { type: 'button', onclick: () => showPlan(e.name) }, 'Plan'),
    ]),
  );
}

function ledgerText(ledger) {
  if (!ledger) return 'no ledger (no workload)';
  return `acknowledged ${ledger.acknowledged} · lost ${ledger.lost.length} · duplicated ${ledger.duplicated.length} · unexpected ${ledger.unexpected.length}`;
}

async function openRun(suite, index) {
  const { run, timeline } = await api(`/api/chaos/runs/${encodeURIComponent(suite)}/${index}`);
  const section = document.getElementById('run');
  section.hidden = false;
  document.getElementById('run-title').textContent = `Run: ${run.experiment} (${suite})`;
  plotTimeline(document.getElementById('timeline'), run, timeline);
  fill(
    'run-detail',
    el(
      'p',
      {},
      badge(run.verdict.result === 'PASS', run.verdict.result),
      ` ${run.verdict.reasons.join('; ')}`,
    ),
    el('p', {}, `Ledger: ${ledgerText(run.ledger)}`),
    el(
      'ol',
      { class: 'events' },
      run.events.map((e) =>
        el('li', {}, `${offset(e.at, run.startedAt)} ${e.kind}${e.step ? ` [${e.step}]` : ''}: ${e.detail}`),
      ),
    ),
  );
  section.scrollIntoView();
}

async function loadHistory() {
  const { runs, unreadable } = await api('/api/chaos/runs');
  table(
    'history',
    ['Started', 'Experiment', 'Mode', 'Target', 'Verdict', 'Reasons', ''],
    runs.map((r) => [
      new Date(r.startedAt).toISOString().replace('T', ' ').slice(0, 19),
      r.experiment,
      r.mode,
      r.target,
      el('td', { 'data-verdict': r.verdict.result }, badge(r.verdict.result === 'PASS', r.verdict.result)),
      r.verdict.reasons.join('; ') || '—',
      el('button', { type: 'button', onclick: () => openRun(r.suite, r.index) }, 'Timeline'),
    ]),
  );
  if (unreadable.length)
    document
      .getElementById('history')
      .after(el('p', { class: 'warn' }, `! unreadable: ${unreadable.map((u) => u.dir).join(', ')}`));
}

async function cleanup() {
  if (!window.confirm('Remove every chaos leftover (rules, proxies, held pods)?')) return;
  try {
    const { removed } = await api('/api/chaos/cleanup', {});
    fill(
      'leftovers',
      el(
        'p',
        { class: 'ok', role: 'status' },
        `✓ removed ${removed.length}: ${removed.join('; ') || 'nothing'}`,
      ),
    );
  } catch (error) {
    fill('leftovers', el('p', { class: 'bad', role: 'alert' }, `✗ ${error.message}`));
  }
}

/** Shows the leftovers the latest status saw, with the cleanup button. */
export function renderLeftovers(view) {
  const { heldPods, chaosLeftovers } = view.report.observations;
  const items = [...heldPods.map((p) => `held pod ${p}`), ...chaosLeftovers];
  fill(
    'leftovers',
    items.length === 0
      ? el('p', { class: 'ok' }, '✓ no leftovers')
      : [
          el(
            'ul',
            {},
            items.map((i) => el('li', { class: 'warn' }, `! ${i}`)),
          ),
          el('button', { type: 'button', id: 'cleanup', onclick: cleanup }, 'Clean up leftovers…'),
        ],
  );
}

/** Loads the Chaos page's lists. */
export async function loadChaos() {
  await Promise.all([loadExperiments(), loadHistory()]);
}
