export * from './canonical-json';
export * from './hash-chain';
export * from './audit-trail';
export * from './audit-trail.pg';
export * from './audit.decorators';
export * from './audit.interceptor';
export * from './pg-support';
