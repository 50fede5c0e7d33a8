export { ChaosCleanupError, ChaosInjectionError } from './chaos-local-error.ts';
export { cleanupLocal, noChaosChains } from './cleanup-local.ts';
export { CHAOS_CHAIN } from './iptables/iptables.ts';
export { journalDir, readEntries, type JournalEntry } from './journal/journal.ts';
export { stateTag } from './journal/state-tag.ts';
export type { LocalChaosContext } from './local-chaos-context.ts';
export { localChaosPods, type RoleSource } from './local-chaos-pods.ts';
export { DELAY_PROXY_UID } from './network/delay/delay-proxy.ts';
export type { TrafficDirection } from './network/traffic-rules.ts';
