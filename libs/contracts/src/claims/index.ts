export * from './vocabulary';
export * from './events';
export * from './json-schema';
export * from './schemas';
export * from './validate';
export * from './cloudevents';
export * from './asyncapi';
