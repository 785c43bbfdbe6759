// The port
export * from './lib/event-store';
export * from './lib/errors';
export type { JsonObject, JsonValue } from './lib/json';

// Write path, codecs, ids
export * from './lib/decider';
export * from './lib/codec';
export { deriveEventId, newEventId, uuidV5, isUuid, EVENT_ID_NAMESPACE } from './lib/event-id';
export { backoffDelay, type BackoffPolicy } from './lib/backoff';
export type { PollingTimings } from './lib/polling-subscription';

// Adapters
export { InMemoryEventStore, InMemoryCheckpointStore } from './lib/in-memory/in-memory-event-store';
export { PostgresEventStore, type PostgresEventStoreOptions, type PostgresConnectOptions } from './lib/postgres/postgres-event-store';
export { PostgresCheckpointStore } from './lib/postgres/postgres-checkpoint-store';
export { createEventStorePool, isTransientPgError, type EventStorePoolOptions } from './lib/postgres/pool';
export { runMigrations, MigrationDriftError, type Migration, type MigrationSet } from './lib/postgres/migrations';
export { EVENT_STORE_MIGRATIONS, CHECKPOINT_MIGRATIONS } from './lib/postgres/schema';
export { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './lib/kurrentdb/kurrentdb-event-store';
export { mapKurrentError } from './lib/kurrentdb/kurrentdb-errors';

// Test support for deciders (runner-agnostic: node:assert)
export * from './testing';
