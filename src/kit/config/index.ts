export { loadServiceConfig } from './load.ts';
export { isLoopbackHost } from './loopback.ts';
export { defaultPeerUrl, serviceEnvSchema, type ServiceConfig } from './service-config.ts';
