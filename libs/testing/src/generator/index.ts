export * from './parameters';
export * from './plan';
export * from './driver';
export * from './ground-truth';
export { Random } from './random';
