import { Injectable } from '@nestjs/common';
import type { HouseholdStatus, Relationship } from '@fpi/enrollment-domain';
import { ConcurrentModification } from '../shared/command';
import { affectedRows, type Tx } from '../shared/sql';
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

  /** Inserts households and their members with two statements whatever their number. */
  async insertMany(tx: Tx, households: { record: HouseholdRecord; newMembers: NewMember[]; giftedBatchId?: string }[]): Promise<void> {
    if (households.length === 0) return;
    const h = households.map((x) => x.record);
    await tx.query(
      `INSERT INTO households (id, revision, family_planning_status, county_code, township_code, village_code, address, phone,
                               head_id_number_hash, gifted_batch_id, created_at, created_by, updated_at, updated_by)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::uuid[], $11::timestamptz[], $12::text[], $11::timestamptz[], $12::text[])`,
      [
        h.map((r) => r.householdId),
        h.map((r) => r.revision),
        h.map((r) => r.familyPlanningStatus),
        h.map((r) => r.region.countyCode),
        h.map((r) => r.region.townshipCode),
        h.map((r) => r.region.villageCode),
        h.map((r) => r.address),
        h.map((r) => r.phone),
        h.map((r) => headOf(r).idNumberHash),
        households.map((x) => x.giftedBatchId ?? null),
        h.map((r) => r.createdAt),
        h.map((r) => r.createdBy),
      ],
    );
    await this.insertMembers(tx, households.flatMap((x) => x.newMembers.map((m) => ({ householdId: x.record.householdId, ...m }))));
  }

  async insertMembers(tx: Tx, members: (NewMember & { householdId: string })[]): Promise<void> {
    if (members.length === 0) return;
    const m = members.map((x) => x.record);
    await tx.query(
      `INSERT INTO household_members (id, household_id, position, relationship, name, id_number, id_number_hash, id_number_masked, birth_date, sex, added_at, added_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[], $11::timestamptz[], $12::text[])`,
      [
        m.map((r) => r.memberId),
        members.map((x) => x.householdId),
        m.map((r) => r.position),
        m.map((r) => r.relationship),
        m.map((r) => r.name),
        members.map((x) => x.rawIdNumber),
        m.map((r) => r.idNumberHash),
        m.map((r) => r.idNumberMasked),
        m.map((r) => r.birthDate),
        m.map((r) => r.sex),
        m.map((r) => r.addedAt),
        m.map((r) => r.addedBy),
      ],
    );
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
