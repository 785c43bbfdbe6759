export * from './rate-limiter';
export * from './rate-limit.guard';
export * from './paging';
