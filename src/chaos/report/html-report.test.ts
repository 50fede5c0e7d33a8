import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtmlReport } from './html-report.ts';
import { findAll, parseXml, type XmlElement } from './testing/parse-xml.ts';
import { passingRun, sampleSuite, T0 } from './testing/sample-suite.ts';

function byClass(root: XmlElement, tag: string, className: string): XmlElement[] {
  return findAll(root, tag).filter((e) => (e.attributes.class ?? '').split(' ').includes(className));
}

function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

test('the page is well-formed, self-contained and has no scripts', () => {
  const html = renderHtmlReport(sampleSuite());
  assert.ok(html.startsWith('<!DOCTYPE html>\n'));
  const root = parseXml(html);
  assert.equal(root.tag, 'html');
  assert.equal(findAll(root, 'script').length, 0);
  for (const tag of ['link', 'img', 'iframe', 'object', 'embed'])
    assert.equal(findAll(root, tag).length, 0, tag);
  for (const element of allElements(root)) {
    for (const [name, value] of Object.entries(element.attributes)) {
      assert.ok(!name.startsWith('on'), `no event handler attribute (${name})`);
      if (name === 'href') assert.match(value, /^#/, 'links stay inside the page');
      if (name === 'src') assert.fail(`no external source (${value})`);
    }
  }
  const style = findAll(root, 'style')[0]!.text;
  assert.doesNotMatch(style, /url\(|@import/);
});

test('every experiment gets a section with its verdict, reasons, differences and events', () => {
  const root = parseXml(renderHtmlReport(sampleSuite()));
  const sections = byClass(root, 'section', 'run');
  assert.equal(sections.length, 2);
  const [passing, failing] = sections;
  assert.equal(passing!.attributes['data-experiment'], 'capsule-odyssey-partition');
  assert.deepEqual(
    byClass(passing!, 'span', 'verdict').map((s) => s.text),
    ['PASS'],
  );
  assert.equal(byClass(passing!, 'ul', 'reasons').length, 0);
  assert.deepEqual(
    findAll(byClass(passing!, 'ul', 'differences')[0]!, 'li').map((li) => li.text),
    ['partition by iptables on loopback addresses, not by Chaos Mesh ipset + tc'],
  );
  assert.equal(byClass(passing!, 'tr', 'event').length, 5);
  assert.match(byClass(passing!, 'p', 'ledger')[0]!.text, /^300 acknowledged, 0 lost/);
  assert.match(
    byClass(passing!, 'dd', 'load')[0]!.text,
    /^target 10\/s, held 10\/s from the fault to recovery/,
  );

  assert.equal(failing!.attributes['data-experiment'], 'redis-failover/delay <&"\'>');
  assert.deepEqual(
    findAll(byClass(failing!, 'ul', 'reasons')[0]!, 'li').map((li) => li.text),
    ['ODYSSEY answered 500 (allowed: 200, 503)', 'line one\nline two & "quoted" <b>'],
  );
  const [event] = byClass(failing!, 'tr', 'event');
  assert.equal(findAll(event!, 'b').length, 0);
  assert.ok(event!.text.includes('<script>alert("x")</script>'), 'hostile text is shown as text, not markup');
  assert.equal(byClass(failing!, 'p', 'differences-none').length, 1);
  assert.deepEqual(
    findAll(byClass(root, 'table', 'summary')[0]!, 'a').map((a) => a.attributes.href),
    ['#run-1', '#run-2'],
  );
});

test('the timeline plots rate, error rate and latency per second with the fault window and marks', () => {
  const root = parseXml(renderHtmlReport(sampleSuite()));
  const [passingSvg, failingSvg] = findAll(root, 'svg');
  assert.ok(passingSvg && failingSvg);
  assert.equal(byClass(passingSvg, 'g', 'panel').length, 3);
  for (const series of ['requests', 'errors', 'p50', 'p99']) {
    const [path] = byClass(passingSvg, 'path', `series-${series}`);
    assert.ok(path, series);
    // 30 seconds, every one with samples: one point each, drawn as one unbroken line.
    assert.equal(path.attributes['data-points'], '30', series);
    assert.equal((path.attributes.d!.match(/M/g) ?? []).length, 1, series);
    assert.equal((path.attributes.d!.match(/L/g) ?? []).length, 29, series);
  }
  // The plot spans x 64..940 for 30 s: the fault (5 s..20 s) sits at 64 + 876 * 5/30 … + 876 * 15/30.
  const [window] = byClass(passingSvg, 'rect', 'fault-window');
  assert.equal(Number(window!.attributes.x), 210);
  assert.equal(Number(window!.attributes.width), 438);
  const [detected] = byClass(passingSvg, 'line', 'mark-detected');
  const [recovered] = byClass(passingSvg, 'line', 'mark-recovered');
  assert.equal(Number(detected!.attributes.x1), 64 + (876 * 7) / 30);
  assert.equal(Number(recovered!.attributes.x1), 64 + (876 * 24) / 30);
  // Error rate is 100 % from 6 s to 12 s: those points sit on the panel's top edge.
  const errorPath = byClass(passingSvg, 'path', 'series-errors')[0]!.attributes.d!;
  const errorYs = [...errorPath.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
  assert.equal(Math.min(...errorYs), 24 + 30 + 110, 'second panel top');
  assert.equal(errorYs.filter((y) => y === 24 + 30 + 110).length, 6);

  // No samples: no data points, a note instead, a window never closed reaching the end.
  assert.equal(byClass(failingSvg, 'path', 'series-requests')[0]!.attributes['data-points'], '12');
  assert.equal(byClass(failingSvg, 'path', 'series-p99')[0]!.attributes['data-points'], '0');
  assert.equal(byClass(failingSvg, 'text', 'no-samples').length, 1);
  const [openWindow] = byClass(failingSvg, 'rect', 'fault-window');
  assert.equal(Number(openWindow!.attributes.x) + Number(openWindow!.attributes.width), 940);
  assert.match(findAll(openWindow!, 'title')[0]!.text, /never removed/);
  assert.equal(byClass(failingSvg, 'line', 'mark-detected').length, 0);
});

test('a run with gaps in its workload breaks the latency line instead of bridging it', () => {
  const run = passingRun();
  run.samples = run.samples.filter((s) => s.at < T0 + 10_000 || s.at >= T0 + 15_000);
  const root = parseXml(renderHtmlReport({ id: 'gaps', startedAt: T0, endedAt: T0 + 30_000, runs: [run] }));
  const d = byClass(root, 'path', 'series-p50')[0]!.attributes.d!;
  assert.equal((d.match(/M/g) ?? []).length, 2);
  assert.equal(
    byClass(root, 'path', 'series-requests')[0]!.attributes['data-points'],
    '30',
    'zero requests is data',
  );
});

test('an instant fault stays visible and close detection and recovery labels do not overprint', () => {
  const run = passingRun();
  run.timings = {
    faultInjectedAt: T0 + 4000,
    faultRemovedAt: T0 + 4005,
    detectedAt: T0 + 4600,
    recoveredAt: T0 + 4800,
  };
  const root = parseXml(
    renderHtmlReport({ id: 'instant', startedAt: T0, endedAt: T0 + 30_000, runs: [run] }),
  );
  assert.ok(
    Number(byClass(root, 'rect', 'fault-window')[0]!.attributes.width) >= 4,
    'a 5 ms window is drawn',
  );
  const [detected] = byClass(root, 'text', 'mark-label-detected');
  const [recovered] = byClass(root, 'text', 'mark-label-recovered');
  assert.notEqual(detected!.attributes.y, recovered!.attributes.y, 'the labels sit on different rows');
  assert.match(detected!.text, /detected \+4\.6 s/);
  assert.match(recovered!.text, /recovered \+4\.8 s/);
});
