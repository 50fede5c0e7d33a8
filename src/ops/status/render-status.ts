import { SERVICE_NAMES } from '../../kit/platform/index.ts';
import type { Observations } from './observations.ts';
import type { StatusReport } from './status-report.ts';

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function servicesSection(o: Observations): string[] {
  return table(
    ['SERVICE', 'HEALTH', 'CASSANDRA', 'DB', 'REDIS', 'BREAKERS NOT CLOSED'],
    o.services.map((s) => [
      s.pod,
      s.status,
      s.components.cassandra ?? '-',
      s.components.db ?? '-',
      s.components.redis ?? '-',
      Object.entries(s.openBreakers)
        .map(([name, state]) => `${name} ${state}`)
        .join(', ') || '-',
    ]),
  );
}

function matrixSection(o: Observations): string[] {
  if (!o.matrix) return ['  (not observed)'];
  const cell = (source: string, target: string) => {
    if (source === target) return '·';
    const found = o.matrix!.find((c) => c.source === source && c.target === target);
    if (!found) return '?';
    return found.status === 0
      ? '✗ ---'
      : `${found.status >= 200 && found.status < 300 ? '✓' : '✗'} ${found.status}`;
  };
  return table(
    ['FROM \\ TO', ...SERVICE_NAMES],
    SERVICE_NAMES.map((source) => [source, ...SERVICE_NAMES.map((target) => cell(source, target))]),
  );
}

function enginesSection(o: Observations): string[] {
  const lines: string[] = [];
  lines.push(
    `cassandra  ${o.cassandra ? o.cassandra.map((n) => `${n.node} ${n.up ? 'UP' : 'DOWN'}`).join('  ') : '(not observed)'}`,
  );
  lines.push(
    `postgres   ${
      o.postgres
        ? o.postgres
            .map(
              (m) =>
                `${m.member} ${m.role === 'primary' ? 'leader' : m.role} ${m.running ? 'running' : 'DOWN'}${m.lagSeconds !== undefined ? ` lag ${m.lagSeconds}s` : ''}`,
            )
            .join('  ')
        : '(not observed)'
    }`,
  );
  if (o.redis) {
    const by = (role: string) =>
      o
        .redis!.nodes.filter((n) => n.role === role)
        .map((n) => `${n.node}${n.up && !n.failed ? '' : ' (fail)'}`);
    const unknown = o.redis.nodes.filter((n) => !n.role).map((n) => `${n.node}${n.up ? '' : ' (down)'}`);
    lines.push(
      `redis      cluster_state ${o.redis.clusterOk ? 'ok' : 'FAIL'}, known ${o.redis.knownNodes}, failed ${o.redis.failedNodes}; masters ${by('master').join(', ') || '-'}; replicas ${by('replica').join(', ') || '-'}${unknown.length > 0 ? `; role unknown ${unknown.join(', ')}` : ''}`,
    );
  } else lines.push('redis      (not observed)');
  if (o.heldPods.length > 0) lines.push(`held down  ${o.heldPods.join(', ')}`);
  return lines;
}

/** The text of one `butterfly status`: services, matrix, engines, alerts, diagnosis with next steps. */
export function renderStatus(report: StatusReport): string {
  const { observations: o, alerts, diagnosis } = report;
  const out: string[] = [];
  out.push(
    `butterfly status — ${new Date(o.at).toISOString()} (${o.profile} profile, ${report.tookMs} ms)`,
    '',
  );
  out.push('SERVICES', ...servicesSection(o), '');
  if (o.profile === 'local') {
    out.push("CONNECTIVITY (HTTP status of the target's /actuator/health, from the source pod's address)");
    out.push(...matrixSection(o), '', 'ENGINES', ...enginesSection(o), '');
  }
  out.push('ALERTS (condition true now; each fires once it has held for its `for`)');
  if (alerts.length === 0) out.push('  none');
  for (const alert of alerts)
    out.push(
      `  ${alert.alert} [${alert.severity}${alert.scenario ? `, scenario ${alert.scenario}` : ''}, for ${alert.for}]  ${alert.subject}`,
    );
  out.push('');
  for (const what of o.unobserved) out.push(`not observed: ${what}`);
  out.push(
    `DIAGNOSIS: ${diagnosis.verdict === 'unknown' ? 'UNKNOWN — cannot tell, a source did not answer' : diagnosis.verdict.toUpperCase()}${
      diagnosis.scenarios.length > 0
        ? ` — ${diagnosis.scenarios.map((s) => `scenario ${s.scenario} (${s.title})`).join(' + ')}`
        : ''
    }`,
  );
  for (const finding of diagnosis.scenarios) {
    out.push('', `Scenario ${finding.scenario}: ${finding.title}  (runbook #${finding.runbookAnchor})`);
    for (const line of finding.evidence) out.push(`  - ${line}`);
    out.push('  next steps:');
    for (const step of finding.nextSteps) out.push(`    $ ${step.command}    # ${step.why}`);
  }
  if (diagnosis.otherFindings.length > 0) {
    out.push('', 'Also:');
    for (const line of diagnosis.otherFindings) out.push(`  - ${line}`);
  }
  if (diagnosis.afterwards.length > 0) {
    out.push('', 'Then:');
    for (const step of diagnosis.afterwards) out.push(`    $ ${step.command}    # ${step.why}`);
  }
  return out.join('\n') + '\n';
}
