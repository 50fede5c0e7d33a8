import { api } from './api.js';
import { badge, el, fill, table } from './dom.js';

const up = (status) => status === 'UP';

function renderServices(view) {
  const { services } = view.report.observations;
  const restarts = new Map(view.pods.map((p) => [p.pod, p.restarts]));
  table(
    'services',
    ['Service', 'Pod', 'Health', 'Engines', 'Open breakers', 'Restarts'],
    services.map((s) => [
      s.service,
      s.pod,
      el('td', { 'data-health': s.status }, badge(up(s.status), s.status)),
      Object.entries(s.components)
        .map(([name, status]) => `${name} ${status}`)
        .join(', ') || '—',
      Object.entries(s.openBreakers)
        .map(([name, state]) => `${name} ${state}`)
        .join(', ') || '—',
      String(restarts.get(s.pod) ?? '—'),
    ]),
  );
}

function renderMatrix(view) {
  const { matrix, profile } = view.report.observations;
  if (!matrix) {
    fill(
      'matrix',
      el(
        'p',
        { class: 'muted' },
        profile === 'embedded'
          ? 'Not observed on the embedded profile: every pod shares 127.0.0.1, so a pair cannot be told apart. Health per service is in the table.'
          : 'Not observed this pass (see "unobserved" below).',
      ),
    );
    return;
  }
  const names = [...new Set(matrix.map((c) => c.source))];
  const status = new Map(matrix.map((c) => [`${c.source}>${c.target}`, c.status]));
  const rows = names.map((source) => [
    el('th', { scope: 'row' }, source),
    ...names.map((target) => {
      if (source === target) return el('td', {}, '—');
      const code = status.get(`${source}>${target}`) ?? 0;
      const ok = code > 0 && code < 500;
      return el(
        'td',
        {
          class: ok ? 'cell-ok' : 'cell-bad',
          'data-pair': `${source}>${target}`,
          title: `${source} → ${target}: ${code || 'no answer'}`,
        },
        `${ok ? '✓' : '✗'} ${code || '—'}`,
      );
    }),
  ]);
  const grid = el(
    'table',
    { id: 'matrix-table' },
    el('caption', { class: 'muted' }, 'row calls column; HTTP status (✗ = no answer or 5xx)'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'from \\ to'),
        names.map((n) => el('th', { scope: 'col' }, n)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) => el('tr', {}, cells)),
    ),
  );
  fill('matrix', grid);
}

function renderEngines(view) {
  const o = view.report.observations;
  const lines = [];
  for (const node of o.cassandra ?? [])
    lines.push(['Cassandra', node.node, badge(node.up, node.up ? 'UN' : 'DN')]);
  for (const m of o.postgres ?? [])
    lines.push([
      'Patroni',
      m.member,
      badge(m.running, m.role + (m.lagSeconds ? ` (lag ${m.lagSeconds}s)` : '')),
    ]);
  for (const n of o.redis?.nodes ?? [])
    lines.push(['Redis', n.node, badge(n.up && !n.failed, n.role ?? (n.up ? 'up' : 'down'))]);
  const restarts = view.pods
    .filter((p) => !p.service)
    .map((p) => ['pod', p.pod, `${p.state}, ${p.restarts} restart(s)`]);
  const rows = [...lines, ...restarts];
  if (rows.length === 0) {
    fill(
      'engines',
      el(
        'p',
        { class: 'muted' },
        `No engine pods on the ${o.profile} profile (embedded engines run inside the services).`,
      ),
    );
    return;
  }
  fill(
    'engines',
    el(
      'table',
      {},
      el(
        'tbody',
        {},
        rows.map((r) =>
          el(
            'tr',
            {},
            r.map((c) => el('td', {}, c)),
          ),
        ),
      ),
    ),
  );
}

function renderAlerts(view) {
  const { alerts } = view.report;
  fill(
    'alerts',
    alerts.length === 0
      ? el('li', { class: 'ok' }, '✓ none firing')
      : alerts.map((a) =>
          el(
            'li',
            { class: 'bad' },
            `✗ ${a.alert} (${a.severity}${a.scenario ? `, scenario ${a.scenario}` : ''}): ${a.subject}`,
          ),
        ),
  );
}

async function showPlan(scenario) {
  const plan = await api(`/api/remediate/${scenario}`);
  const apply = el(
    'button',
    { type: 'button', onclick: () => applyPlan(scenario, plan) },
    `Apply plan ${scenario}…`,
  );
  fill(
    'remediation',
    el('h4', {}, `Remediation plan for ${scenario}`),
    el(
      'ol',
      {},
      plan.steps.map((s) => el('li', {}, `${s.title} — `, el('code', {}, s.command))),
    ),
    apply,
  );
}

async function applyPlan(scenario, plan) {
  if (
    !window.confirm(
      `Apply the ${plan.steps.length} step(s) of scenario ${scenario}? Each step is re-checked.`,
    )
  )
    return;
  try {
    const result = await api(`/api/remediate/${scenario}/apply`, { confirm: true });
    fill(
      'remediation',
      el(
        'ol',
        {},
        result.outcomes.map((o) =>
          el('li', {}, badge(o.ok, o.step.title), ` — ${o.did}; check: ${o.check.detail}`),
        ),
      ),
    );
  } catch (error) {
    fill('remediation', el('p', { class: 'bad', role: 'alert' }, `✗ ${error.message}`));
  }
}

function renderDiagnosis(view) {
  const d = view.report.diagnosis;
  const verdict = document.getElementById('verdict');
  verdict.className = `verdict ${d.verdict === 'healthy' ? 'ok' : 'bad'}`;
  verdict.textContent = `${d.verdict === 'healthy' ? '✓' : '✗'} ${d.verdict.toUpperCase()}`;
  const unobserved = view.report.observations.unobserved;
  fill(
    'diagnosis',
    d.scenarios.map((f) =>
      el(
        'article',
        {},
        el('h4', {}, `Scenario ${f.scenario}: ${f.title}`),
        el(
          'ul',
          {},
          f.evidence.map((e) => el('li', {}, e)),
        ),
        el(
          'ol',
          {},
          f.nextSteps.map((s) => el('li', {}, el('code', {}, s.command), ` — ${s.why}`)),
        ),
        el(
          'button',
          { type: 'button', onclick: () => showPlan(f.scenario) },
          `Show the remediate plan for ${f.scenario}`,
        ),
      ),
    ),
    d.otherFindings.map((f) => el('p', { class: 'warn' }, `! ${f}`)),
    unobserved.length ? el('p', { class: 'muted' }, `unobserved: ${unobserved.join('; ')}`) : [],
    d.verdict === 'healthy' ? el('p', { class: 'ok' }, '✓ nothing to do') : [],
  );
}

/** Draws the Now page from one view of the live stream. */
export function renderNow(view) {
  renderServices(view);
  renderMatrix(view);
  renderEngines(view);
  renderAlerts(view);
  renderDiagnosis(view);
}
