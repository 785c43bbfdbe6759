import Module from 'node:module';
import path from 'node:path';

/*
 * TEMPORARY, remove once libs/event-store is packaged for service builds.
 *
 * `@fpi/event-store`'s index re-exports `./testing` (its decider-specification helpers), but the service
 * build (tools/scripts/build.mjs) leaves every path containing `/testing/` out of dist, so requiring the
 * package index crashes the built service before it can print a configuration error. Until the index
 * stops re-exporting `./testing` (or the build keeps that folder), this resolves exactly that one missing
 * module to an empty one. It only runs in the built service's entry point; tests and type checking see
 * the library unchanged.
 */
type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
const EVENT_STORE_INDEX = path.join('libs', 'event-store', 'src', 'index.js');

loader._resolveFilename = function resolveFilename(this: unknown, request, parent, ...rest) {
  try {
    return original.call(this, request, parent, ...rest);
  } catch (e) {
    if (request === './testing' && parent?.filename?.endsWith(EVENT_STORE_INDEX)) return __filename;
    throw e;
  }
};
