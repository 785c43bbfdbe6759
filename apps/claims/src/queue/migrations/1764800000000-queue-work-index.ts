import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unassigned part of a county's queue without approvals: what a handler's next-claim scans.
 *
 * A handler is never given an approval (`APPROVER_ACTIONS`), so through `queue_claims_county_unassigned`
 * every handler's next-claim had to step over each approval waiting above the first claim it may take,
 * one heap visit apiece. Approvals wait for a supervisor and gather at the top (they are often fast-track,
 * and they wait longest), so that walk grew with the backlog: 10 % of a county's open claims in the
 * benchmark, about 1,500 visits per call after 10,000 takes. This index holds exactly the rows a handler
 * may take, in queue order, so the first entry is the answer. Supervisors and admins (who may take
 * approvals) keep using `queue_claims_county_unassigned`.
 *
 * The predicate must say `action <> 'approve'` as `QueueLeases.next` writes it for a handler (the planner
 * proves an index usable by matching the query's conditions); if `APPROVER_ACTIONS` ever changes, this
 * index must be replaced by a migration, or next-claim falls back to the slower general index.
 *
 * A plain CREATE INDEX (inside the migration's transaction) holds writes to `queue_claims` while it is
 * built, seconds for a million claims, once, at the start of the release that brings it.
 */
export class QueueWorkIndex1764800000000 implements MigrationInterface {
  name = 'QueueWorkIndex1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX queue_claims_county_unassigned_work ON queue_claims (county_code, queue_rank, claim_id)
        WHERE action IS NOT NULL AND action <> 'approve' AND assignee IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX queue_claims_county_unassigned_work');
  }
}
