// Builds elements from text only (never innerHTML), so names from the platform cannot inject markup.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Replaces a container's children. */
export function fill(id, ...children) {
  document.getElementById(id).replaceChildren(...children.flat());
}

/** A table from a header row and body rows (cells are nodes or text). */
export function table(id, headers, rows) {
  fill(
    id,
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        headers.map((h) => el('th', { scope: 'col' }, h)),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((cells) =>
        el(
          'tr',
          {},
          cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c))),
        ),
      ),
    ),
  );
}

/** A status word with a symbol, so the state never depends on colour alone. */
export function badge(ok, text) {
  return el('span', { class: ok ? 'ok' : 'bad' }, `${ok ? '✓' : '✗'} ${text}`);
}

/** Seconds since `from` at `at`, as "+4.8 s". */
export function offset(at, from) {
  return `+${((at - from) / 1000).toFixed(1)} s`;
}
