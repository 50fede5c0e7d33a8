export { buildService, type BuildOptions, type BuiltService } from './build-service.ts';
export { toErrorReply, type ErrorEnvelope } from './error-envelope/index.ts';
export { runService, type RunningService } from './run-service.ts';
export { enginePortOf, outboxPortOf } from './service-ports.ts';
export type { PlainApp, ServiceApp, ServiceContext, ServiceDefinition } from './service-context.ts';
