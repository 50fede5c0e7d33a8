export { deliveryVerdict, PERMANENT_REFUSALS, type DeliveryVerdict } from './delivery-verdict.ts';
export { DurableOutbox, type NewOutboxEntry, type OutboxEntry, type OutboxStats } from './durable-outbox.ts';
export { OutboxRelay, type RelayOptions } from './outbox-relay.ts';
export { outboxHealth, registerOutboxGauges, type OutboxTopicDetails } from './outbox-telemetry.ts';
export {
  openServiceOutbox,
  relayOf,
  type OutboxLifecycle,
  type OutboxPort,
  type ServiceOutbox,
  type ServiceOutboxOptions,
} from './open-service-outbox.ts';
