// No runtime import of an @fpi/* library here: Jest's global hooks load this library outside the module
// mapper (libs/event-store/jest.load-testing.ts), where those aliases do not resolve.
export * from './services';
export * from './processes';
export * from './compose';
export * from './generator';
export * from './route-fuzz';
