/** The node-postgres pool behind the service's data source, for the read models' plain parameterised SQL. */
export const QUEUE_POOL = Symbol('QUEUE_POOL');
