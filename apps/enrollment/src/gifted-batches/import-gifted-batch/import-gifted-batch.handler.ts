import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  chinaDateOf,
  coverStartFor,
  EnrollmentError,
  groupGiftedHouseholds,
  parseGiftedCsv,
  rejectHousehold,
  type GiftedHousehold,
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
import type { Tx } from '../../shared/sql';
import { ENROLLMENT_SETTINGS, type EnrollmentSettings } from '../../shared/tokens';
import { domainErrorForUniqueViolation } from '../../shared/unique-violations';
import type { GiftedBatchResponse, GiftedRowOutcome } from '../gifted-batch.response';
import type { ImportGiftedBatchQuery } from './import-gifted-batch.request.dto';

interface Accepted {
  household: GiftedHousehold;
  record: HouseholdRecord;
  newMembers: NewMember[];
  policy: PolicyRecord;
}

/**
 * Imports a government-gifted batch (政府赠保): every row is judged and reported, sound households are
 * registered and applied for in one transaction with set-based inserts, and the batch with its report is
 * stored under the request's idempotency key, so sending the same file again answers the same report.
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
      const judged = groupGiftedHouseholds(parsed, { product, coverStartsOn });
      const batchId = randomUUID();
      const { accepted, rejections } = await this.checkAgainstDatabase(tx, judged.households, { batchId, now, actor: ctx.actorId, product, programmeYear });
      const report = reportOf(parsed.rows.length + parsed.rejections.length, accepted, [...judged.rejections, ...rejections]);
      const body: GiftedBatchResponse = {
        batchId,
        programmeYear: q.programmeYear,
        productCode: q.productCode,
        rows: report.length,
        acceptedRows: report.filter((r) => r.outcome === 'ACCEPTED').length,
        rejectedRows: report.filter((r) => r.outcome === 'REJECTED').length,
        acceptedHouseholds: accepted.length,
        importedAt: now.toISOString(),
        report,
      };
      try {
        await tx.query(
          `INSERT INTO gifted_batches (id, programme_year, product_code, row_count, accepted_rows, rejected_rows, accepted_households, report, created_at, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
          [batchId, q.programmeYear, q.productCode, body.rows, body.acceptedRows, body.rejectedRows, body.acceptedHouseholds, JSON.stringify(report), now, ctx.actorId],
        );
        await this.households.insertMany(tx, accepted.map((a) => ({ record: a.record, newMembers: a.newMembers, giftedBatchId: batchId })));
        await this.policies.insertMany(tx, accepted.map((a) => a.policy));
      } catch (e) {
        // Someone insured one of these people after our check: start again, and the check will reject that row.
        if (domainErrorForUniqueViolation(e)) throw new ConcurrentModification('gifted-batch', batchId);
        throw e;
      }
      const stamp = { occurredAt: now, actor: ctx.actorId };
      await this.events.write(tx, [
        ...accepted.map((a) => householdEvent(a.record, { type: 'HouseholdRegistered' }, stamp)),
        ...accepted.map((a) => policyEvent(a.policy, { type: 'PolicyApplied' }, stamp)),
      ]);
      return { status: 201, body, headers: { Location: `/gifted-batches/${batchId}` } };
    });
  }

  /** The rules that need the database, for all households at once: head not yet registered, nobody insured this year, referrer serves the village. */
  private async checkAgainstDatabase(
    tx: Tx,
    households: GiftedHousehold[],
    ctx: { batchId: string; now: Date; actor: string; product: Product; programmeYear: ProgrammeYear },
  ): Promise<{ accepted: Accepted[]; rejections: GiftedRowRejection[] }> {
    const prepared = households.map((household) => {
      const newMembers = this.members.newMembers(
        household.members.map((m) => ({ name: m.name, relationship: m.relationship, residentId: m.residentId })),
        0,
        ctx.now,
        ctx.actor,
      );
      return { household, newMembers };
    });
    const allHashes = prepared.flatMap((p) => p.newMembers.map((m) => m.record.idNumberHash));
    const registeredHeads = (await tx.query(`SELECT head_id_number_hash FROM households WHERE head_id_number_hash = ANY($1::text[])`, [
      prepared.map((p) => p.newMembers[0].record.idNumberHash),
    ])) as { head_id_number_hash: string }[];
    const insured = await this.policies.alreadyInsured(tx, ctx.product.programmeYear, allHashes);
    const referrers = await this.referrers.coverage(tx, [...new Set(households.map((h) => h.referrerId).filter((id): id is string => id !== null))]);
    const heads = new Set(registeredHeads.map((r) => r.head_id_number_hash));
    const accepted: Accepted[] = [];
    const rejections: GiftedRowRejection[] = [];
    for (const { household, newMembers } of prepared) {
      const reject = (code: `ENROLLMENT.${string}`, message: string) => rejections.push(...rejectHousehold(household.members, code, message));
      if (heads.has(newMembers[0].record.idNumberHash)) {
        reject('ENROLLMENT.HOUSEHOLD_ALREADY_REGISTERED', `the head of ${household.householdRef} already has a registered household; renew or apply for it instead`);
        continue;
      }
      const insuredRows = household.members.filter((_, i) => insured.has(newMembers[i].record.idNumberHash)).map((m) => m.row);
      if (insuredRows.length > 0) {
        reject('ENROLLMENT.PERSON_ALREADY_INSURED', `row ${insuredRows.join(', ')} names a person already insured in ${ctx.product.programmeYear}`);
        continue;
      }
      const referrer = household.referrerId ? referrers.get(household.referrerId) : null;
      if (referrer === undefined) {
        reject('ENROLLMENT.REFERRER_NOT_FOUND', `referrer_id of ${household.householdRef} is not a registered referrer`);
        continue;
      }
      const record: HouseholdRecord = {
        householdId: randomUUID(),
        revision: 1,
        familyPlanningStatus: household.householdStatus,
        region: household.region,
        address: null,
        phone: household.phone,
        members: newMembers.map((m) => m.record),
        createdAt: ctx.now,
        createdBy: ctx.actor,
        updatedAt: ctx.now,
        updatedBy: ctx.actor,
      };
      try {
        const policy = newPolicyRecord({
          policyId: randomUUID(),
          household: record,
          product: ctx.product,
          programmeYear: ctx.programmeYear,
          channel: 'GOVERNMENT_GIFTED',
          referrer,
          now: ctx.now,
          actor: ctx.actor,
          giftedBatchId: ctx.batchId,
        });
        accepted.push({ household, record, newMembers, policy });
      } catch (e) {
        if (!(e instanceof EnrollmentError)) throw e;
        reject(e.code, e.message);
      }
    }
    return { accepted, rejections };
  }
}

function reportOf(rowCount: number, accepted: Accepted[], rejections: GiftedRowRejection[]): GiftedRowOutcome[] {
  const report: GiftedRowOutcome[] = new Array(rowCount);
  for (const a of accepted) {
    a.household.members.forEach((m, i) => {
      report[m.row - 1] = { row: m.row, line: m.line, householdRef: m.householdRef, outcome: 'ACCEPTED', householdId: a.record.householdId, policyId: a.policy.policy.policyId, memberId: a.newMembers[i].record.memberId };
    });
  }
  for (const r of rejections) {
    report[r.row - 1] = { row: r.row, line: r.line, householdRef: r.householdRef, outcome: 'REJECTED', code: r.code, message: r.message, ...(r.column ? { column: r.column } : {}) };
  }
  return report;
}
