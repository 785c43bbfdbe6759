import { Inject, Injectable } from '@nestjs/common';
import {
  applyGiftedBatchFacts,
  chinaDateOf,
  coverStartFor,
  EnrollmentError,
  groupGiftedHouseholds,
  parseGiftedCsv,
  rejectHousehold,
  type AcceptedGiftedHousehold,
  type CalendarDate,
  type GiftedBatchFacts,
  type GiftedHousehold,
  type GiftedRow,
  type GiftedRowRejection,
  type Product,
  type ProgrammeYear,
} from '@fpi/enrollment-domain';
import { householdEvent, policyEvent } from '../../events/enrollment-events';
import { EventWriter } from '../../events/event-writer';
import { MemberFactory } from '../../households/household.factory';
import type { HouseholdRecord, NewMember } from '../../households/household.record';
import { HouseholdRepository } from '../../households/household.repository';
import { newPolicyRecord } from '../../policies/policy-application';
import type { PolicyRecord } from '../../policies/policy.record';
import { PolicyRepository } from '../../policies/policy.repository';
import { ProductRepository } from '../../programmes/product.repository';
import { ReferrerRepository } from '../../referrers/referrer.repository';
import type { RequestContext } from '../../request-context';
import { ConcurrentModification, type CommandMeta, type CommandOutcome } from '../../shared/command';
import { CommandRunner } from '../../shared/command-runner.service';
import { IdNumberHasher } from '../../shared/id-number-hasher';
import { newId } from '../../shared/ids';
import { combinedStatement, Params, StatementPipeline, textArray, type Tx } from '../../shared/sql';
import { ENROLLMENT_SETTINGS, type EnrollmentSettings } from '../../shared/tokens';
import { domainErrorForUniqueViolation } from '../../shared/unique-violations';
import type { GiftedBatchResponse, GiftedRowOutcome } from '../gifted-batch.response';
import type { ImportGiftedBatchQuery } from './import-gifted-batch.request.dto';

interface Prepared {
  household: GiftedHousehold;
  record: HouseholdRecord;
  newMembers: NewMember[];
  policy: PolicyRecord;
}

/** What the report needs of an accepted household: only ids, so that its records are garbage once its chunk is sent. */
interface Accepted {
  rows: readonly GiftedRow[];
  householdId: string;
  policyId: string;
  memberIds: string[];
}

interface BatchContext {
  batchId: string;
  now: Date;
  actor: string;
  product: Product;
  programmeYear: ProgrammeYear;
  coverStartsOn: CalendarDate;
}

/**
 * Imports a government-gifted batch (政府赠保): every row is judged and reported, sound households are
 * registered and applied for, and the batch with its report is stored under the request's idempotency key,
 * so sending the same file again answers the same report. Everything happens in the command's one
 * transaction, so a 2xx answer means every accepted row, its events and the report are durable, and a
 * failure leaves nothing behind.
 *
 * The work is set-based: the file is judged in pure domain code, the database facts for all its people are
 * read with three queries, and the accepted households are written in chunks, each chunk one statement
 * (households, members, policies, insured members, outbox and history), while Node builds the next chunk.
 */
@Injectable()
export class ImportGiftedBatchHandler {
  constructor(
    private readonly runner: CommandRunner,
    private readonly products: ProductRepository,
    private readonly households: HouseholdRepository,
    private readonly policies: PolicyRepository,
    private readonly referrers: ReferrerRepository,
    private readonly members: MemberFactory,
    private readonly events: EventWriter,
    @Inject(IdNumberHasher) private readonly hasher: IdNumberHasher,
    @Inject(ENROLLMENT_SETTINGS) private readonly settings: EnrollmentSettings,
  ) {}

  execute(q: ImportGiftedBatchQuery, csv: string, meta: CommandMeta, ctx: RequestContext): Promise<CommandOutcome & { replayed: boolean }> {
    return this.runner.run(meta, ctx, async (tx, now) => {
      // Batches of one year run one at a time, so two files naming the same person cannot both insure them;
      // online applications racing a batch are caught by the unique indexes and the batch is retried.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`gifted-batch:${q.programmeYear}`]);
      const { product, programmeYear } = await this.products.requireForEnrolment(tx, q.programmeYear, q.productCode);
      if (product.payerShares.some((s) => s.payer === 'HOUSEHOLD')) {
        throw new EnrollmentError('ENROLLMENT.PRODUCT_NOT_GIFTABLE', 'unprocessable', `${product.code} has a household share; gifted cover is paid in full by government`, { productCode: product.code });
      }
      const today = chinaDateOf(now);
      const coverStartsOn = coverStartFor(product, programmeYear, today);
      const parsed = parseGiftedCsv(csv, { today, maxRows: this.settings.giftedBatchMaxRows });
      // Every person is hashed once, and the database is asked about all of them while Node groups the rows.
      const hashes = new Map<string, string>();
      for (const r of parsed.rows) if (!hashes.has(r.residentId.normalized)) hashes.set(r.residentId.normalized, this.hasher.hash(r.residentId.normalized));
      const facts = this.factsFor(tx, parsed.rows, hashes, product.programmeYear);
      facts.catch(() => undefined);
      await new Promise<void>((resolve) => setImmediate(resolve));
      const judged = groupGiftedHouseholds(parsed, { product, coverStartsOn });
      const decided = applyGiftedBatchFacts(judged.households, await facts, product.programmeYear);

      const batch: BatchContext = { batchId: newId(), now, actor: ctx.actorId, product, programmeYear, coverStartsOn };
      const rejections = [...judged.rejections, ...decided.rejections];
      const accepted: Accepted[] = [];
      const pipeline = new StatementPipeline(tx);
      try {
        // The batch row first (policies refer to it); its counts and report are known only at the end.
        await pipeline.send(
          `INSERT INTO gifted_batches (id, programme_year, product_code, row_count, accepted_rows, rejected_rows, accepted_households, report, created_at, created_by)
           VALUES ($1, $2, $3, 0, 0, 0, 0, '[]', $4, $5)`,
          [batch.batchId, q.programmeYear, q.productCode, now, ctx.actorId],
        );
        const chunkSize = this.settings.giftedBatchChunkHouseholds;
        for (let i = 0; i < decided.accepted.length; i += chunkSize) {
          const chunk = this.prepare(decided.accepted.slice(i, i + chunkSize), hashes, batch, rejections);
          if (chunk.length === 0) continue;
          for (const a of chunk) accepted.push({ rows: a.household.members, householdId: a.record.householdId, policyId: a.policy.policy.policyId, memberIds: a.newMembers.map((m) => m.record.memberId) });
          const p = new Params();
          const stamp = { occurredAt: now, actor: ctx.actorId };
          const parts = [
            ...this.households.insertManyParts(p, chunk.map((a) => ({ record: a.record, newMembers: a.newMembers, giftedBatchId: batch.batchId }))),
            ...this.policies.insertManyParts(p, chunk.map((a) => a.policy)),
            ...this.events.writeParts(p, [
              ...chunk.map((a) => householdEvent(a.record, { type: 'HouseholdRegistered' }, stamp)),
              ...chunk.map((a) => policyEvent(a.policy, { type: 'PolicyApplied' }, stamp)),
            ]),
          ];
          await pipeline.send(combinedStatement(parts), p.values);
        }

        const report = reportOf(parsed.rows.length + parsed.rejections.length, accepted, rejections);
        const head = {
          batchId: batch.batchId,
          programmeYear: q.programmeYear,
          productCode: q.productCode,
          rows: report.length,
          acceptedRows: 0,
          rejectedRows: 0,
          acceptedHouseholds: accepted.length,
          importedAt: now.toISOString(),
        };
        for (const r of report) {
          if (r.outcome === 'ACCEPTED') head.acceptedRows++;
          else head.rejectedRows++;
        }
        // The report is megabytes for a large file: serialised once, for the batch row and the stored answer.
        const reportJson = JSON.stringify(report);
        await pipeline.send(
          `UPDATE gifted_batches SET row_count = $2, accepted_rows = $3, rejected_rows = $4, accepted_households = $5, report = $6::json WHERE id = $1`,
          [batch.batchId, head.rows, head.acceptedRows, head.rejectedRows, head.acceptedHouseholds, reportJson],
        );
        await pipeline.finish();
        const body: GiftedBatchResponse = { ...head, report };
        const bodyJson = `${JSON.stringify(head).slice(0, -1)},"report":${reportJson}}`;
        return { status: 201, body, bodyJson, headers: { Location: `/gifted-batches/${batch.batchId}` } };
      } catch (e) {
        // Someone insured one of these people after our check: start again, and the check will reject that row.
        if (domainErrorForUniqueViolation(e)) throw new ConcurrentModification('gifted-batch', batch.batchId);
        throw e;
      }
    });
  }

  /**
   * The database facts about every person of the file, with one query per kind sent together: who already
   * heads a household (asked for everyone; the rules look at heads only), who is insured this year, which
   * named referrers exist.
   */
  private async factsFor(tx: Tx, rows: readonly GiftedRow[], hashes: ReadonlyMap<string, string>, programmeYear: number): Promise<GiftedBatchFacts> {
    const byHash = new Map<string, string>();
    for (const [id, hash] of hashes) byHash.set(hash, id);
    const all = [...byHash.keys()];
    const sent = [
      tx.query(`SELECT head_id_number_hash AS h FROM households WHERE head_id_number_hash = ANY($1::text[])`, [textArray(all)]) as Promise<{ h: string }[]>,
      this.policies.alreadyInsured(tx, programmeYear, all),
      this.referrers.coverage(tx, [...new Set(rows.map((r) => r.referrerId).filter((id): id is string => id !== null))]),
    ] as const;
    for (const query of sent) query.catch(() => undefined);
    const [registeredHeads, insured, referrers] = await Promise.all(sent);
    const ids = (found: Iterable<string>): Set<string> => {
      const out = new Set<string>();
      for (const hash of found) out.add(byHash.get(hash) as string);
      return out;
    };
    return { registeredHeads: ids(registeredHeads.map((r) => r.h)), insured: ids(insured), referrers };
  }

  /** Records of accepted households; one the policy rules still refuse is rejected instead (pushed onto `rejections`). */
  private prepare(chunk: AcceptedGiftedHousehold[], hashes: ReadonlyMap<string, string>, batch: BatchContext, rejections: GiftedRowRejection[]): Prepared[] {
    const out: Prepared[] = [];
    for (const { household, referrer } of chunk) {
      const newMembers = this.members.newMembers(
        household.members,
        0,
        batch.now,
        batch.actor,
        household.members.map((m) => hashes.get(m.residentId.normalized) as string),
      );
      const record: HouseholdRecord = {
        householdId: newId(),
        revision: 1,
        familyPlanningStatus: household.householdStatus,
        region: household.region,
        address: null,
        phone: household.phone,
        members: newMembers.map((m) => m.record),
        createdAt: batch.now,
        createdBy: batch.actor,
        updatedAt: batch.now,
        updatedBy: batch.actor,
      };
      try {
        const policy = newPolicyRecord({
          policyId: newId(),
          household: record,
          product: batch.product,
          programmeYear: batch.programmeYear,
          channel: 'GOVERNMENT_GIFTED',
          referrer,
          now: batch.now,
          actor: batch.actor,
          giftedBatchId: batch.batchId,
          coverStartsOn: batch.coverStartsOn,
        });
        out.push({ household, record, newMembers, policy });
      } catch (e) {
        if (!(e instanceof EnrollmentError)) throw e;
        rejections.push(...rejectHousehold(household.members, e.code, e.message));
      }
    }
    return out;
  }
}

function reportOf(rowCount: number, accepted: Accepted[], rejections: GiftedRowRejection[]): GiftedRowOutcome[] {
  const report: GiftedRowOutcome[] = new Array(rowCount);
  for (const a of accepted) {
    a.rows.forEach((m, i) => {
      report[m.row - 1] = { row: m.row, line: m.line, householdRef: m.householdRef, outcome: 'ACCEPTED', householdId: a.householdId, policyId: a.policyId, memberId: a.memberIds[i] };
    });
  }
  for (const r of rejections) {
    report[r.row - 1] = { row: r.row, line: r.line, householdRef: r.householdRef, outcome: 'REJECTED', code: r.code, message: r.message, ...(r.column ? { column: r.column } : {}) };
  }
  return report;
}
