import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { systemClock, type Clock } from '../clock/clock';
import { ApiError } from '../errors/http-error.filter';
import { runMigration, withTransaction } from '../audit/pg-support';
import {
  apiKeyStatus,
  displayPrefix,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  scopeProblems,
  type ApiKeyCheck,
  type ApiKeyRecord,
  type ApiKeyStore,
  type IssuedApiKey,
  type NewApiKey,
} from './api-keys';

/** Idempotent schema of the key table; only hashes are stored, never a plaintext key. */
export const API_KEY_MIGRATION: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS security_api_keys (
     id uuid PRIMARY KEY,
     integrator_id text NOT NULL,
     label text NOT NULL,
     key_hash char(64) NOT NULL UNIQUE,
     key_prefix text NOT NULL,
     event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
     regions text[] NOT NULL CHECK (cardinality(regions) > 0),
     created_at timestamptz NOT NULL,
     expires_at timestamptz NULL,
     revoked_at timestamptz NULL,
     replaced_by uuid NULL REFERENCES security_api_keys (id)
   )`,
  'CREATE INDEX IF NOT EXISTS security_api_keys_integrator ON security_api_keys (integrator_id)',
];

/** Creates the key table if it is missing; safe to call at every start of every replica. */
export const migrateApiKeyStore = (pool: Pool): Promise<void> => runMigration(pool, API_KEY_MIGRATION);

interface Row {
  id: string;
  integrator_id: string;
  label: string;
  key_prefix: string;
  event_types: string[];
  regions: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  replaced_by: string | null;
}

const COLUMNS = 'id, integrator_id, label, key_prefix, event_types, regions, created_at, expires_at, revoked_at, replaced_by';

const toRecord = (r: Row): ApiKeyRecord => ({
  id: r.id,
  integratorId: r.integrator_id,
  label: r.label,
  prefix: r.key_prefix,
  scope: { eventTypes: r.event_types, regions: r.regions },
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  replacedBy: r.replaced_by,
});

const notFound = () => new ApiError('not_found', 'API_KEY.NOT_FOUND', 'No such API key.');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Integrator API keys in PostgreSQL (table `security_api_keys`). Time comes from the injected clock. */
export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(private readonly pool: Pool, private readonly clock: Clock = systemClock) {}

  async create(input: NewApiKey): Promise<IssuedApiKey> {
    const problems = [...scopeProblems(input.scope), ...(input.integratorId.trim() ? [] : ['integratorId must not be empty'])];
    if (problems.length > 0) throw new ApiError('validation', 'API_KEY.INVALID_SCOPE', problems.join('; '));
    return this.insert(this.pool, input, this.clock.now());
  }

  async authenticate(plaintext: string): Promise<ApiKeyCheck> {
    if (!isWellFormedApiKey(plaintext)) return { ok: false, reason: 'malformed' };
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM security_api_keys WHERE key_hash = $1`, [hashApiKey(plaintext)]);
    if (rows.length === 0) return { ok: false, reason: 'unknown' };
    const record = toRecord(rows[0]);
    const status = apiKeyStatus(record, this.clock.now());
    return status === 'active' ? { ok: true, record } : { ok: false, reason: status };
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    if (!UUID.test(id)) throw notFound();
    const { rows } = await this.pool.query<Row>(
      `UPDATE security_api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, this.clock.now()],
    );
    if (rows.length === 0) throw notFound();
    return toRecord(rows[0]);
  }

  async rotate(id: string, overlapUntil: Date): Promise<IssuedApiKey> {
    if (!UUID.test(id)) throw notFound();
    const now = this.clock.now();
    return withTransaction(this.pool, async (client) => {
      // The row lock makes two concurrent rotations of one key produce one successor, not two.
      const { rows } = await client.query<Row>(`SELECT ${COLUMNS} FROM security_api_keys WHERE id = $1 FOR UPDATE`, [id]);
      if (rows.length === 0) throw notFound();
      const old = toRecord(rows[0]);
      if (apiKeyStatus(old, now) !== 'active') throw new ApiError('conflict', 'API_KEY.INACTIVE', 'Only an active key can be rotated.');
      if (old.replacedBy !== null) throw new ApiError('conflict', 'API_KEY.ALREADY_ROTATED', 'This key has already been rotated; rotate its successor.');
      const successor = await this.insert(client, { integratorId: old.integratorId, label: old.label, scope: old.scope, expiresAt: old.expiresAt }, now);
      // The overlap can shorten the old key's life, never lengthen it; a past instant means "stop now".
      const end = new Date(Math.max(now.getTime(), Math.min(overlapUntil.getTime(), old.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY)));
      await client.query('UPDATE security_api_keys SET expires_at = $2, replaced_by = $3 WHERE id = $1', [id, end, successor.record.id]);
      return successor;
    });
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM security_api_keys WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async list(integratorId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM security_api_keys WHERE integrator_id = $1 ORDER BY created_at, id`, [integratorId]);
    return rows.map(toRecord);
  }

  private async insert(db: Pick<Pool, 'query'>, input: NewApiKey, now: Date): Promise<IssuedApiKey> {
    const plaintext = generateApiKey();
    const { rows } = await db.query<Row>(
      `INSERT INTO security_api_keys (id, integrator_id, label, key_hash, key_prefix, event_types, regions, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [randomUUID(), input.integratorId, input.label, hashApiKey(plaintext), displayPrefix(plaintext), [...input.scope.eventTypes], [...input.scope.regions], now, input.expiresAt ?? null],
    );
    return { record: toRecord(rows[0]), plaintext };
  }
}
