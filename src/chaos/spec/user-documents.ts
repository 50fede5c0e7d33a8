import type { CriteriaConfigMap } from './derived-criteria.ts';
import { PASS_CRITERIA_ANNOTATION } from './derived-criteria.ts';
import type { UserMetadata } from './experiment.ts';

/** The user's own label and annotation prefix (their runner and dashboards read these). */
export const USER_PREFIX = 'chaos.butterfly.io/';

/** The user's category label (`--category` of their runner). */
export const USER_CATEGORY_LABEL = `${USER_PREFIX}category`;

/** What a document that is not a chaos resource is to us: criteria to read, or something to ignore. */
export type SideDocument =
  { kind: 'criteria'; configMap: CriteriaConfigMap } | { kind: 'ignored'; note: string };

/** `- item` lines of a ConfigMap value (the user's `pass_criteria: |` lists); other lines are kept whole. */
function listItems(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/^-\s*/, ''));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * A document whose apiVersion is not Chaos Mesh's: a `<name>-criteria` ConfigMap is read as the
 * criteria of `<name>`; anything else is ignored with a note, as `kubectl apply` of a chaos folder
 * would simply create it. Undefined for a chaos-mesh.org document (or one without apiVersion).
 */
export function sideDocument(manifest: unknown, chaosApiVersion: string): SideDocument | undefined {
  const object = record(manifest);
  const apiVersion = object.apiVersion;
  if (typeof apiVersion !== 'string' || apiVersion.startsWith(chaosApiVersion.split('/')[0]!))
    return undefined;
  const kind = typeof object.kind === 'string' ? object.kind : '(no kind)';
  const name = record(object.metadata).name;
  const label = `${apiVersion} ${kind} ${typeof name === 'string' ? name : '(no name)'}`;
  if (kind === 'ConfigMap' && typeof name === 'string' && name.endsWith('-criteria')) {
    const data = record(object.data);
    return {
      kind: 'criteria',
      configMap: {
        name,
        pass: listItems(data.pass_criteria),
        fail: listItems(data.fail_criteria),
        ...(typeof data.remediation === 'string' ? { remediation: data.remediation } : {}),
      },
    };
  }
  return { kind: 'ignored', note: `${label}: not a chaos resource; ignored (kubectl would apply it as is)` };
}

/** The user's `chaos.butterfly.io/*` metadata of a chaos document. */
export function userMetadata(
  labels: Readonly<Record<string, string>> = {},
  annotations: Readonly<Record<string, string>> = {},
): UserMetadata {
  const pick = (value: string | undefined, key: keyof UserMetadata) =>
    value !== undefined ? { [key]: value } : {};
  return {
    ...pick(annotations[`${USER_PREFIX}description`], 'description'),
    ...pick(annotations[PASS_CRITERIA_ANNOTATION], 'passCriteria'),
    ...pick(labels[`${USER_PREFIX}severity`], 'severity'),
    ...pick(labels[`${USER_PREFIX}failure-mode`], 'failureMode'),
    ...pick(annotations[`${USER_PREFIX}runbook`], 'runbook'),
  };
}
