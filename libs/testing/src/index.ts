export * from './services';
export * from './processes';
export * from './compose';
export * from './generator';
export * from './route-fuzz';
export * from './source-events';
