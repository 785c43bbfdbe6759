/** The node-postgres pool behind the service's data source (the timeline reads plain SQL). */
export const TIMELINE_POOL = Symbol('TIMELINE_POOL');
