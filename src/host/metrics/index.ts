export { httpMetrics } from './http-metrics.ts';
export { createServiceMetrics, type ServiceMetrics } from './service-metrics.ts';
