import { Injectable } from '@nestjs/common';
import type { ReferrerCoverage } from '@fpi/enrollment-domain';
import type { Tx } from '../shared/sql';

export interface ReferrerRecord {
  referrerId: string;
  name: string;
  phone: string | null;
  villageCodes: string[];
  createdAt: Date;
}

interface ReferrerRow {
  id: string;
  name: string;
  phone: string | null;
  village_codes: string[];
  created_at: Date;
}

const toRecord = (r: ReferrerRow): ReferrerRecord => ({ referrerId: r.id, name: r.name, phone: r.phone, villageCodes: r.village_codes, createdAt: r.created_at });

@Injectable()
export class ReferrerRepository {
  async insert(tx: Tx, r: ReferrerRecord, actor: string): Promise<void> {
    await tx.query(`INSERT INTO referrers (id, name, phone, village_codes, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [r.referrerId, r.name, r.phone, r.villageCodes, r.createdAt, actor]);
  }

  async load(tx: Tx, referrerId: string): Promise<ReferrerRecord | null> {
    const rows = (await tx.query(`SELECT id, name, phone, village_codes, created_at FROM referrers WHERE id = $1`, [referrerId])) as ReferrerRow[];
    return rows.length === 0 ? null : toRecord(rows[0]);
  }

  /** Coverage of many referrers at once, for batch attribution checks. */
  async coverage(tx: Tx, referrerIds: string[]): Promise<Map<string, ReferrerCoverage>> {
    if (referrerIds.length === 0) return new Map();
    const rows = (await tx.query(`SELECT id, village_codes FROM referrers WHERE id = ANY($1::uuid[])`, [referrerIds])) as { id: string; village_codes: string[] }[];
    return new Map(rows.map((r) => [r.id, { referrerId: r.id, villageCodes: r.village_codes }]));
  }

  async list(tx: Tx, filter: { villageCodePrefix?: string }, limit: number, offset: number): Promise<{ items: ReferrerRecord[]; total: number }> {
    const rows = (await tx.query(
      `SELECT id, name, phone, village_codes, created_at, count(*) OVER () AS total
         FROM referrers
        WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM unnest(village_codes) v WHERE v LIKE $1 || '%'))
        ORDER BY created_at, id LIMIT $2 OFFSET $3`,
      [filter.villageCodePrefix ?? null, limit, offset],
    )) as (ReferrerRow & { total: string })[];
    return { items: rows.map(toRecord), total: rows.length > 0 ? Number(rows[0].total) : 0 };
  }
}
