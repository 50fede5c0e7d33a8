import { stream } from './api.js';
import { el, fill } from './dom.js';
import { loadChaos, renderLeftovers } from './chaos-view.js';
import { renderNow } from './now-view.js';

let latestAt = 0;

function show(page) {
  for (const body of document.querySelectorAll('[data-page-body]'))
    body.hidden = body.dataset.pageBody !== page;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (page === 'chaos')
    loadChaos().catch((error) => fill('history', el('caption', { class: 'bad' }, `✗ ${error.message}`)));
}

function route() {
  show(location.hash === '#chaos' ? 'chaos' : 'now');
}

function onView(view) {
  latestAt = view.report.observations.at;
  document.body.dataset.observedAt = String(latestAt);
  renderNow(view);
  renderLeftovers(view);
}

function onState(connected) {
  document.getElementById('live').textContent = connected
    ? `● live — observed ${latestAt ? new Date(latestAt).toLocaleTimeString() : '…'}`
    : '○ reconnecting…';
}

window.addEventListener('hashchange', route);
route();
void stream(
  '/api/now/stream',
  (view) => {
    onView(view);
    onState(true);
  },
  onState,
);
