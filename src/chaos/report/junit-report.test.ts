import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunitReport } from './junit-report.ts';
import { findAll, parseXml } from './testing/parse-xml.ts';
import { sampleSuite } from './testing/sample-suite.ts';

function properties(testcase: ReturnType<typeof parseXml>): Map<string, string> {
  return new Map(findAll(testcase, 'property').map((p) => [p.attributes.name!, p.attributes.value!]));
}

test('the JUnit report has one testsuite and one testcase per experiment, with totals', () => {
  const root = parseXml(renderJunitReport(sampleSuite()));
  assert.equal(root.tag, 'testsuites');
  assert.equal(root.attributes.tests, '2');
  assert.equal(root.attributes.failures, '1');
  const suites = findAll(root, 'testsuite');
  assert.equal(suites.length, 1);
  assert.equal(suites[0]!.attributes.name, 'butterfly chaos suite-<1>');
  assert.equal(suites[0]!.attributes.time, '60.000');
  assert.equal(suites[0]!.attributes.timestamp, '2025-01-02T03:04:05.000Z');
  const cases = findAll(root, 'testcase');
  assert.deepEqual(
    cases.map((c) => c.attributes.name),
    ['capsule-odyssey-partition', 'redis-failover/delay <&"\'>'],
  );
  assert.equal(cases[0]!.attributes.classname, 'chaos.local');
  assert.equal(cases[0]!.attributes.time, '30.000');
});

test('a passing testcase has no failure and carries its timings as properties', () => {
  const [passing] = findAll(parseXml(renderJunitReport(sampleSuite())), 'testcase');
  assert.equal(findAll(passing!, 'failure').length, 0);
  const props = properties(passing!);
  assert.equal(props.get('timings.detectionMs'), '2000');
  assert.equal(props.get('timings.recoveryMs'), '4000');
  assert.equal(props.get('timings.faultInjectedAt'), '2025-01-02T03:04:10.000Z');
  assert.equal(props.get('ledger.lost'), '0');
  assert.equal(props.get('ledger.duplicated'), '0');
  assert.equal(props.get('workload.targetRatePerSecond'), '10');
  assert.equal(props.get('workload.faultWindowRatePerSecond'), '10.0');
  assert.equal(props.get('workload.faultWindowAckRatePerSecond'), '6.8');
  assert.equal(
    props.get('difference.1'),
    'partition by iptables on loopback addresses, not by Chaos Mesh ipset + tc',
  );
  assert.match(findAll(passing!, 'system-out')[0]!.text, /^\+1\.000s step-start \[partition\]/);
});

test('a failing testcase carries every verdict reason, escaped text surviving the parser unchanged', () => {
  const [, failing] = findAll(parseXml(renderJunitReport(sampleSuite())), 'testcase');
  const [failure] = findAll(failing!, 'failure');
  assert.ok(failure);
  assert.equal(
    failure.attributes.message,
    'ODYSSEY answered 500 (allowed: 200, 503); line one\nline two & "quoted" <b>',
  );
  assert.equal(failure.text, 'ODYSSEY answered 500 (allowed: 200, 503)\nline one\nline two & "quoted" <b>');
  const out = findAll(failing!, 'system-out')[0]!.text;
  assert.ok(out.includes('<script>alert("x")</script> &'), out);
  assert.ok(out.includes('\uFFFD[31mred'), 'the ESC control character is replaced, not emitted');
  assert.equal(properties(failing!).get('timings.detectionMs'), undefined);
});

test('an empty suite is still a valid report', () => {
  const root = parseXml(renderJunitReport({ id: 'empty', startedAt: 0, endedAt: 0, runs: [] }));
  assert.equal(root.attributes.tests, '0');
  assert.equal(findAll(root, 'testcase').length, 0);
});
