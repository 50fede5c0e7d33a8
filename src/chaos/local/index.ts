export type { ActiveFault, LocalChaosContext, Proof } from './active-fault.ts';
export { ChaosCleanupError, ChaosInjectionError } from './chaos-local-error.ts';
export { cleanupLocal, noChaosChains } from './cleanup-local.ts';
export { injectLocal } from './inject-local.ts';
export { CHAOS_CHAIN } from './iptables/iptables.ts';
export { journalDir, readEntries, type JournalEntry } from './journal/journal.ts';
export { stateTag } from './journal/state-tag.ts';
export { LOCAL_NAMESPACE, localChaosPods, type RoleSource } from './local-chaos-pods.ts';
export { DELAY_PROXY_UID } from './network/delay/delay.ts';
