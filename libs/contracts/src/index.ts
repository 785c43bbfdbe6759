export * from './pii';
export * from './resident-id';
export * from './topics';
export * from './cloudevents';
export * from './diagnostics';
export * from './claims';
export * from './enrollment';
export * from './source-events';
