export * from './events';
export * from './schemas';
export * from './validate';
export * from './cloudevents';
