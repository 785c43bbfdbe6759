import { Injectable } from '@nestjs/common';
import type { HouseholdStatus, Relationship } from '@fpi/enrollment-domain';
import { ConcurrentModification } from '../shared/command';
import { affectedRows, combinedStatement, instantArray, integerArray, Params, textArray, type Tx } from '../shared/sql';
import type { HouseholdRecord, MemberRecord, NewMember } from './household.record';

interface HouseholdRow {
  id: string;
  revision: number;
  family_planning_status: HouseholdStatus;
  county_code: string;
  township_code: string;
  village_code: string;
  address: string | null;
  phone: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  members: { memberId: string; position: number; relationship: Relationship; name: string; idNumberMasked: string; idNumberHash: string; birthDate: string; sex: 'MALE' | 'FEMALE'; addedAt: string; addedBy: string }[];
}

const SELECT_HOUSEHOLD = `
SELECT h.id, h.revision, h.family_planning_status, h.county_code, h.township_code, h.village_code, h.address, h.phone,
       h.created_at, h.created_by, h.updated_at, h.updated_by,
       (SELECT coalesce(json_agg(json_build_object(
                 'memberId', m.id, 'position', m.position, 'relationship', m.relationship, 'name', m.name,
                 'idNumberMasked', m.id_number_masked, 'idNumberHash', m.id_number_hash, 'birthDate', m.birth_date::text,
                 'sex', m.sex, 'addedAt', m.added_at, 'addedBy', m.added_by) ORDER BY m.position), '[]'::json)
          FROM household_members m WHERE m.household_id = h.id) AS members
  FROM households h`;

const toRecord = (r: HouseholdRow): HouseholdRecord => ({
  householdId: r.id,
  revision: r.revision,
  familyPlanningStatus: r.family_planning_status,
  region: { countyCode: r.county_code, townshipCode: r.township_code, villageCode: r.village_code },
  address: r.address,
  phone: r.phone,
  members: r.members.map((m) => ({ ...m, addedAt: new Date(m.addedAt) })),
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

@Injectable()
export class HouseholdRepository {
  /** Loads a household; one outside `regionPrefix` is treated as absent (a foreign record answers 404). */
  async load(tx: Tx, householdId: string, regionPrefix?: string): Promise<HouseholdRecord | null> {
    const rows = (await tx.query(`${SELECT_HOUSEHOLD} WHERE h.id = $1 AND ($2::text IS NULL OR h.village_code LIKE $2 || '%')`, [householdId, regionPrefix ?? null])) as HouseholdRow[];
    return rows.length === 0 ? null : toRecord(rows[0]);
  }

  async loadMany(tx: Tx, householdIds: string[]): Promise<HouseholdRecord[]> {
    if (householdIds.length === 0) return [];
    const rows = (await tx.query(`${SELECT_HOUSEHOLD} WHERE h.id = ANY($1::uuid[])`, [householdIds])) as HouseholdRow[];
    const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
    return householdIds.map((id) => byId.get(id)).filter((r): r is HouseholdRecord => r !== undefined);
  }

  async householdIdOfHead(tx: Tx, headIdNumberHash: string): Promise<string | null> {
    const rows = (await tx.query(`SELECT id FROM households WHERE head_id_number_hash = $1`, [headIdNumberHash])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Inserts households and their members with one statement whatever their number. */
  async insertMany(tx: Tx, households: { record: HouseholdRecord; newMembers: NewMember[]; giftedBatchId?: string }[]): Promise<void> {
    if (households.length === 0) return;
    const p = new Params();
    await tx.query(combinedStatement(this.insertManyParts(p, households)), p.values);
  }

  /** The INSERTs of `insertMany`, for a caller combining them with other parts into one statement. */
  insertManyParts(p: Params, households: { record: HouseholdRecord; newMembers: NewMember[]; giftedBatchId?: string }[]): string[] {
    if (households.length === 0) return [];
    const h = households.map((x) => x.record);
    const parts = [
      `INSERT INTO households (id, revision, family_planning_status, county_code, township_code, village_code, address, phone,
                               head_id_number_hash, gifted_batch_id, created_at, created_by, updated_at, updated_by)
       SELECT t.id, t.revision, t.status, t.county, t.township, t.village, t.address, t.phone, t.head, t.batch, t.at, t.by, t.at, t.by
         FROM unnest(${p.add(textArray(h.map((r) => r.householdId)))}::uuid[], ${p.add(integerArray(h.map((r) => r.revision)))}::int[],
                     ${p.add(textArray(h.map((r) => r.familyPlanningStatus)))}::text[], ${p.add(textArray(h.map((r) => r.region.countyCode)))}::text[],
                     ${p.add(textArray(h.map((r) => r.region.townshipCode)))}::text[], ${p.add(textArray(h.map((r) => r.region.villageCode)))}::text[],
                     ${p.add(textArray(h.map((r) => r.address)))}::text[], ${p.add(textArray(h.map((r) => r.phone)))}::text[],
                     ${p.add(textArray(h.map((r) => headOf(r).idNumberHash)))}::text[], ${p.add(textArray(households.map((x) => x.giftedBatchId ?? null)))}::uuid[],
                     ${p.add(instantArray(h.map((r) => r.createdAt)))}::timestamptz[], ${p.add(textArray(h.map((r) => r.createdBy)))}::text[])
           AS t(id, revision, status, county, township, village, address, phone, head, batch, at, by)`,
    ];
    const members = households.flatMap((x) => x.newMembers.map((m) => ({ householdId: x.record.householdId, ...m })));
    if (members.length > 0) parts.push(this.insertMembersPart(p, members));
    return parts;
  }

  async insertMembers(tx: Tx, members: (NewMember & { householdId: string })[]): Promise<void> {
    if (members.length === 0) return;
    const p = new Params();
    await tx.query(this.insertMembersPart(p, members), p.values);
  }

  private insertMembersPart(p: Params, members: (NewMember & { householdId: string })[]): string {
    const m = members.map((x) => x.record);
    return `INSERT INTO household_members (id, household_id, position, relationship, name, id_number, id_number_hash, id_number_masked, birth_date, sex, added_at, added_by)
       SELECT * FROM unnest(${p.add(textArray(m.map((r) => r.memberId)))}::uuid[], ${p.add(textArray(members.map((x) => x.householdId)))}::uuid[],
                            ${p.add(integerArray(m.map((r) => r.position)))}::int[], ${p.add(textArray(m.map((r) => r.relationship)))}::text[],
                            ${p.add(textArray(m.map((r) => r.name)))}::text[], ${p.add(textArray(members.map((x) => x.rawIdNumber)))}::text[],
                            ${p.add(textArray(m.map((r) => r.idNumberHash)))}::text[], ${p.add(textArray(m.map((r) => r.idNumberMasked)))}::text[],
                            ${p.add(textArray(m.map((r) => r.birthDate)))}::date[], ${p.add(textArray(m.map((r) => r.sex)))}::text[],
                            ${p.add(instantArray(m.map((r) => r.addedAt)))}::timestamptz[], ${p.add(textArray(m.map((r) => r.addedBy)))}::text[])`;
  }

  /** Writes the household's own fields at the next revision, only if nobody moved it on since `before` was read. */
  async update(tx: Tx, before: HouseholdRecord, after: HouseholdRecord): Promise<void> {
    const result = await tx.query(
      `UPDATE households SET revision = $3, family_planning_status = $4, address = $5, phone = $6, updated_at = $7, updated_by = $8
        WHERE id = $1 AND revision = $2`,
      [before.householdId, before.revision, after.revision, after.familyPlanningStatus, after.address, after.phone, after.updatedAt, after.updatedBy],
    );
    if (affectedRows(result) !== 1) throw new ConcurrentModification('household', before.householdId);
  }
}

export const headOf = (h: HouseholdRecord): MemberRecord => {
  const head = h.members.find((m) => m.relationship === 'HEAD');
  if (!head) throw new Error(`household ${h.householdId} has no head`);
  return head;
};
