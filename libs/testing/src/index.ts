export * from './services';
export * from './processes';
