/** How many of the selected pods a fault hits (Chaos Mesh `spec.mode`). */
export type SelectorMode = 'one' | 'all' | 'fixed' | 'fixed-percent' | 'random-max-percent';

/** Which pods a fault targets (Chaos Mesh `spec.selector` plus `mode`/`value`). */
export interface PodSelector {
  namespaces: string[];
  labelSelectors: Record<string, string>;
  fieldSelectors: Record<string, string>;
  /** Namespace → pod names. */
  pods: Record<string, string[]>;
  mode: SelectorMode;
  value?: string;
}
