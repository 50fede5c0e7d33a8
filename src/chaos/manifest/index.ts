export { ChaosSpecError, formatSpecIssue, type SpecIssue } from './chaos-spec-error.ts';
export { checkWorkflowDuration, parseSpec, type FaultContext } from './fault-context.ts';
export { GO_DURATION_FORMAT, parseGoDuration } from './go-duration.ts';
export { goDurationField, manifestObject, percentString, stringMap } from './manifest-fields.ts';
export { podSelectorFields, toPodSelector, type RawPodSelector } from './selector-fields.ts';
export { formatPath, SourceLines, type DocumentPath } from './source-lines.ts';
export { SpecIssues } from './spec-issues.ts';
export { httpStatus } from './manifest-fields.ts';
export { dnsName } from './manifest-fields.ts';
