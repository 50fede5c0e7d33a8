export { buildService, type BuildOptions, type BuiltService } from './build-service.ts';
export { toErrorReply, type ErrorEnvelope } from './error-envelope.ts';
export { runService, type RunningService } from './run-service.ts';
export type { PlainApp, ServiceApp, ServiceContext, ServiceDefinition } from './service-context.ts';
