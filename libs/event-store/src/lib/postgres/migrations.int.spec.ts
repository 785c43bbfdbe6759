import { createTestDatabase, type TestDatabase } from '@fpi/testing';
import { createEventStorePool } from './pool';
import { MigrationDriftError, runMigrations, type MigrationSet } from './migrations';
import { PostgresEventStore } from './postgres-event-store';
import { CHECKPOINT_MIGRATIONS, EVENT_STORE_MIGRATIONS } from './schema';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('es_migrations');
});

afterAll(async () => {
  await db?.drop();
});

it('applies each migration once, also when replicas start together, and records it', async () => {
  const pools = [1, 2, 3].map(() => createEventStorePool({ connectionString: db.url, max: 2 }));
  try {
    await Promise.all(pools.map((p) => PostgresEventStore.migrate(p)));
    expect(await runMigrations(pools[0]!, EVENT_STORE_MIGRATIONS)).toEqual([]);
    const { rows } = await pools[0]!.query<{ component: string; version: number }>('SELECT component, version FROM es_schema_migrations ORDER BY component, version');
    expect(rows).toEqual([
      { component: CHECKPOINT_MIGRATIONS.component, version: 1 },
      { component: EVENT_STORE_MIGRATIONS.component, version: 1 },
    ]);
  } finally {
    await Promise.all(pools.map((p) => p.end()));
  }
});

it('refuses to run when an applied migration was edited or the database is ahead of the code', async () => {
  const pool = createEventStorePool({ connectionString: db.url, max: 1 });
  try {
    const [first] = EVENT_STORE_MIGRATIONS.migrations;
    const edited: MigrationSet = { component: EVENT_STORE_MIGRATIONS.component, migrations: [{ ...first!, sql: `${first!.sql}\n-- edited` }] };
    await expect(runMigrations(pool, edited)).rejects.toThrow(MigrationDriftError);
    await expect(runMigrations(pool, { component: EVENT_STORE_MIGRATIONS.component, migrations: [] })).rejects.toThrow(/does not know/);
  } finally {
    await pool.end();
  }
});

it('rolls back a failing migration entirely', async () => {
  const pool = createEventStorePool({ connectionString: db.url, max: 1 });
  try {
    const broken: MigrationSet = {
      component: 'broken',
      migrations: [
        { version: 1, name: 'fine', sql: 'CREATE TABLE es_test_fine (id int)' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE es_test_broken (id nosuchtype)' },
      ],
    };
    await expect(runMigrations(pool, broken)).rejects.toThrow(/nosuchtype/);
    const { rows } = await pool.query(`SELECT to_regclass('es_test_fine') AS t, (SELECT count(*) FROM es_schema_migrations WHERE component = 'broken')::int AS n`);
    expect(rows[0]).toEqual({ t: null, n: 0 });
  } finally {
    await pool.end();
  }
});
