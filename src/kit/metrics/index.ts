export { createServiceMetrics, type ServiceMetrics } from './service-metrics.ts';
