import type { CapsuleAnnouncement } from './capsule.ts';

/** Where announcements of stored capsules go (the ODYSSEY outbox in production). */
export interface Announcer {
  announce(tenant: string, correlationId: string, announcement: CapsuleAnnouncement): Promise<void>;
}
