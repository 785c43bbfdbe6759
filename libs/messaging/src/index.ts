export * from './kafka';
export * from './publisher';
export * from './outbox';
export * from './batch-consumer';
