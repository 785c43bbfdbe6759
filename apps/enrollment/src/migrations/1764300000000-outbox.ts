import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxMigration } from '@fpi/messaging';

export class Outbox1764300000000 implements MigrationInterface {
  name = 'Outbox1764300000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(outboxMigration('outbox'));
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox');
  }
}
