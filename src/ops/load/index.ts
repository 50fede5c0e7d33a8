export type { LatencySummary } from './latency-recorder.ts';
export { DEFAULT_MIX, LOAD_OPERATIONS, MIX_FORMAT, type LoadMix, type LoadOperation } from './load-mix.ts';
export { compileLoadPlan, MAX_ERROR_RATE, type LoadPlan, type LoadPlanInput } from './load-plan.ts';
export { renderLoadReport, type LoadReport, type OperationReport } from './load-report.ts';
export {
  LATE_AFTER_MS,
  runOpenSchedule,
  type OpenScheduleOptions,
  type ScheduledStart,
} from './open-schedule.ts';
export { preciseClock } from './precise-clock.ts';
export { serviceSend, type ServiceSend } from './http-send.ts';
export { progressLine, type SecondProgress } from './progress-line.ts';
export { runLoad, type LoadRunOptions } from './run-load.ts';
