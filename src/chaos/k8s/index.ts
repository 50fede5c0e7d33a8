export {
  createK8sChaosBackend,
  type K8sBackendOptions,
  type K8sChaosBackend,
  type K8sRunOptions,
  type K8sRunResult,
} from './k8s-backend.ts';
export {
  CHAOS_MESH_GROUP,
  CHAOS_MESH_VERSION,
  CHAOS_PLURALS,
  type ChaosResourceRef,
} from './chaos-resource.ts';
export { ChaosKubeError, ChaosRefusedError } from './k8s-errors.ts';
export { loadKubeTarget, type KubeConfigOptions, type KubeTarget } from './kube-config.ts';
export { looksLikeProduction, refuseProduction } from './production-guard.ts';
export {
  createPrometheusClient,
  singleValue,
  type PrometheusClient,
  type PrometheusOptions,
  type PromSample,
} from './prometheus-query.ts';
