export {
  matchingPods,
  resolveSelector,
  selectedCount,
  SUPPORTED_FIELD_SELECTORS,
  type ChaosPod,
} from './resolve.ts';
export { LIVE_LABELS, LOCAL_NAMESPACE, staticChaosPods } from './static-pods.ts';
