/** The node-postgres pool behind the service's data source (reports are plain SQL). */
export const SUPERVISION_POOL = Symbol('SUPERVISION_POOL');
