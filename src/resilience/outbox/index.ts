export { DurableOutbox, type OutboxEntry, type OutboxStats } from './durable-outbox.ts';
export { OutboxRelay, type RelayOptions } from './outbox-relay.ts';
