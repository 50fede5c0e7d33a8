export { actuator, type ActuatorOptions } from './actuator.ts';
export type { ServiceInfo } from './info-routes.ts';
