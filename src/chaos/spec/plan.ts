import { formatDuration } from '../../kit/time/index.ts';
import { LIVE_LABELS, matchingPods, type SelectablePod } from '../selectors/index.ts';
import type { Criteria, Experiment, PodSelector, Step } from './experiment.ts';
import { describeFault, describeSelector } from './fault-summary.ts';

/** Which pods a selector would hit among `pods`; selectors on live labels (`role`) are resolved at injection. */
export function planTargets(selector: PodSelector, pods: readonly SelectablePod[]): string {
  const live = LIVE_LABELS.filter((label) => label in selector.labelSelectors);
  const withoutLive = {
    ...selector,
    labelSelectors: Object.fromEntries(
      Object.entries(selector.labelSelectors).filter(
        ([key]) => !(LIVE_LABELS as readonly string[]).includes(key),
      ),
    ),
  };
  const candidates = matchingPods(live.length > 0 ? withoutLive : selector, pods).map(
    (pod) => `${pod.name} (${pod.address})`,
  );
  const list = candidates.length > 0 ? candidates.join(', ') : 'no pod matches';
  if (live.length > 0)
    return `${describeSelector(selector)}: resolved at injection (${live.join(', ')} is live) among ${list}`;
  return `${describeSelector(selector)}: ${list}`;
}

function stepLine(step: Step): string {
  const deadline = step.deadlineMs !== undefined ? `  deadline ${formatDuration(step.deadlineMs)}` : '';
  switch (step.type) {
    case 'Fault':
      return `${step.fault.kind} ${step.name}${deadline}`;
    case 'Task':
      return `Task ${step.name}${deadline}  ${step.image ?? '(no image)'}: ${step.command.slice(0, 2).join(' ')} …`;
    case 'StatusCheck':
      return (
        `StatusCheck ${step.name}${deadline}  ${step.mode} ${step.http.method} ${step.http.url} → ` +
        `${statusList(step.http.statusCodes)} every ${formatDuration(step.intervalMs)}` +
        `${step.abortWithStatusCheck ? ', aborts the workflow on failure' : ''}`
      );
    default:
      return `${step.type} ${step.name}${deadline}`;
  }
}

function statusList(codes: readonly number[]): string {
  const first = codes[0];
  const last = codes.at(-1);
  return codes.length > 2 && first !== undefined && last !== undefined && last - first === codes.length - 1
    ? `${first}-${last}`
    : codes.join('|');
}

function treeLines(
  step: Step,
  pods: readonly SelectablePod[],
  prefix: string,
  branch: string,
  last: boolean,
): string[] {
  const lines = [`${prefix}${branch}${stepLine(step)}`];
  const inner = prefix + (branch === '' ? '' : last ? '   ' : '│  ');
  if (step.type === 'Fault') {
    lines.push(`${inner}   ${describeFault(step.fault)}`);
    lines.push(`${inner}   targets: ${planTargets(step.fault.selector, pods)}`);
    if (step.fault.kind === 'NetworkChaos' && step.fault.target)
      lines.push(`${inner}   peers:   ${planTargets(step.fault.target, pods)}`);
  }
  if ('children' in step) {
    step.children.forEach((child, index) => {
      const isLast = index === step.children.length - 1;
      lines.push(...treeLines(child, pods, inner, isLast ? '└─ ' : '├─ ', isLast));
    });
  }
  return lines;
}

function criteriaLines(criteria: Criteria): string[] {
  const workload = criteria.workload
    ? `${criteria.workload.kind} at ${criteria.workload.ratePerSecond}/s as tenant ${criteria.workload.tenant}`
    : 'none';
  return [
    'criteria:',
    `  detection ≤ ${formatDuration(criteria.detectionBudgetMs)}, recovery ≤ ${formatDuration(criteria.recoveryBudgetMs)}`,
    `  workload: ${workload}; lost ≤ ${criteria.maxLostWrites}, duplicated ≤ ${criteria.maxDuplicatedWrites}` +
      (criteria.allowedStatusesDuringFault.length > 0
        ? `; statuses during the fault: ${criteria.allowedStatusesDuringFault.join(', ')}`
        : ''),
    ...criteria.probes.map(
      (probe) =>
        `  probe ${probe.name} [${probe.phases.join(', ')}${probe.detection ? ', detection' : ''}]: ` +
        `${probe.method} ${probe.url} → ${probe.statuses.join('|')}` +
        (probe.json ?? [])
          .map(
            (check) =>
              `, ${check.path} ${check.oneOf ? `in ${JSON.stringify(check.oneOf)}` : `= ${JSON.stringify(check.equals)}`}`,
          )
          .join(''),
    ),
    ...(criteria.consistency ?? []).map(
      (check) =>
        `  consistency ${check.name} within ${formatDuration(check.withinMs)}: ${check.left.url} ${check.left.path} = ${check.right.url} ${check.right.path}`,
    ),
  ];
}

/** The user's metadata, and where each criterion came from when they were derived. */
function provenanceLines(experiment: Experiment): string[] {
  const user = experiment.user ?? {};
  const facts = [
    user.severity && `severity ${user.severity}`,
    user.failureMode && `failure mode ${user.failureMode}`,
    user.runbook && `runbook ${user.runbook}`,
  ].filter((fact): fact is string => typeof fact === 'string' && fact.length > 0);
  const lines = facts.length > 0 ? [`user: ${facts.join(', ')}`] : [];
  if (experiment.derivation) {
    lines.push('derived criteria (the file has no chaos.butterfly.dev/criteria):');
    for (const { criterion, from } of experiment.derivation) lines.push(`  ${criterion}\n      ← ${from}`);
  } else if (user.passCriteria !== undefined) {
    lines.push(
      `chaos.butterfly.dev/criteria wins over chaos.butterfly.io/pass-criteria "${user.passCriteria}"`,
    );
  }
  return lines;
}

/** The dry-run: the step tree with deadlines and durations, each fault's targets among `pods`, and the criteria. */
export function renderPlan(experiment: Experiment, pods: readonly SelectablePod[]): string {
  return [
    `${experiment.name} (${experiment.kind}, ${experiment.category}) — ${experiment.file}:${experiment.source.line}`,
    ...(experiment.schedule ? [`schedule: ${experiment.schedule.cron}`] : []),
    ...treeLines(experiment.root, pods, '', '', true),
    ...criteriaLines(experiment.criteria),
    ...provenanceLines(experiment),
  ].join('\n');
}
