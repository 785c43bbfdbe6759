import type { ClientBase, Pool } from 'pg';

/** Something that runs parameterised SQL: the pool, or one client inside a transaction. */
export type Queryable = Pool | ClientBase;

/** One transaction on one client: the platform's helper (effects and consumed position commit together). */
export { inTransaction } from '@fpi/platform';

/** A bigint column read as text (node-postgres returns int8 as a string; the text cast makes it explicit). */
export const fenOf = (value: string | null): bigint | null => (value === null ? null : BigInt(value));
