import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_BUNDLE_TYPE, outboxBundleMigration } from '@fpi/messaging';

/** Outbox rows that carry many messages (a command's events, e.g. a gifted batch's 500-event chunks). */
export class OutboxBundles1764700000000 implements MigrationInterface {
  name = 'OutboxBundles1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(outboxBundleMigration('outbox'));
  }

  async down(q: QueryRunner): Promise<void> {
    // Bundles are unpublished events: going back would lose them, so it waits until the relay has sent them.
    await q.query(`DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM outbox WHERE type = '${OUTBOX_BUNDLE_TYPE}') THEN
    RAISE EXCEPTION 'the outbox still holds bundles of unpublished events; start the service until the relay has sent them, then migrate down';
  END IF;
END $$`);
    await q.query(`ALTER TABLE outbox DROP COLUMN message_count`);
  }
}
