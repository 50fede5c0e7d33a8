export type { PodSelector, SelectorMode } from './pod-selector.ts';
export {
  matchingPods,
  resolveSelector,
  selectedCount,
  SUPPORTED_FIELD_SELECTORS,
  type SelectablePod,
} from './resolve.ts';
export { LIVE_LABELS, selectablePod, staticChaosPods } from './static-pods.ts';
