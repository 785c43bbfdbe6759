import { Injectable } from '@nestjs/common';
import { EnrollmentError, type PayerType, type Product, type ProgrammeYear } from '@fpi/enrollment-domain';
import type { Tx } from '../shared/sql';

interface ProductRow {
  programme_year: number;
  code: string;
  name: string;
  premium_fen: string;
  death_disability_sum_insured_fen: string;
  medical_limit_fen: string;
  medical_deductible_fen: string;
  medical_reimbursement_bp: number;
  hospital_allowance_per_day_fen: string;
  hospital_allowance_max_days: number;
  cover_start_rule: 'FIXED_DATE' | 'AFTER_ENROLMENT';
  cover_start_date: string | null;
  cover_start_after_days: number | null;
  issuance_deadline_days: number;
  delivery_deadline_days: number;
  min_members: number;
  max_members: number;
  min_age: number;
  max_age: number;
  payer_shares: { payer: PayerType; amountFen: string }[];
}

const SELECT_PRODUCT = `
SELECT p.programme_year, p.code, p.name, p.premium_fen::text AS premium_fen,
       p.death_disability_sum_insured_fen::text AS death_disability_sum_insured_fen, p.medical_limit_fen::text AS medical_limit_fen,
       p.medical_deductible_fen::text AS medical_deductible_fen, p.medical_reimbursement_bp,
       p.hospital_allowance_per_day_fen::text AS hospital_allowance_per_day_fen, p.hospital_allowance_max_days,
       p.cover_start_rule, p.cover_start_date::text AS cover_start_date, p.cover_start_after_days,
       p.issuance_deadline_days, p.delivery_deadline_days, p.min_members, p.max_members, p.min_age, p.max_age,
       (SELECT coalesce(json_agg(json_build_object('payer', s.payer, 'amountFen', s.amount_fen::text) ORDER BY s.position), '[]'::json)
          FROM product_payer_shares s WHERE s.programme_year = p.programme_year AND s.product_code = p.code) AS payer_shares
  FROM products p`;

const toProduct = (r: ProductRow): Product => ({
  programmeYear: r.programme_year,
  code: r.code,
  name: r.name,
  premiumFen: BigInt(r.premium_fen),
  payerShares: r.payer_shares.map((s) => ({ payer: s.payer, amountFen: BigInt(s.amountFen) })),
  benefits: {
    deathDisabilitySumInsuredFen: BigInt(r.death_disability_sum_insured_fen),
    medicalLimitFen: BigInt(r.medical_limit_fen),
    medicalDeductibleFen: BigInt(r.medical_deductible_fen),
    medicalReimbursementBp: r.medical_reimbursement_bp,
    hospitalAllowancePerDayFen: BigInt(r.hospital_allowance_per_day_fen),
    hospitalAllowanceMaxDays: r.hospital_allowance_max_days,
  },
  coverStart: r.cover_start_rule === 'FIXED_DATE' ? { rule: 'FIXED_DATE', date: r.cover_start_date ?? '' } : { rule: 'AFTER_ENROLMENT', days: r.cover_start_after_days ?? 0 },
  issuanceDeadlineDays: r.issuance_deadline_days,
  deliveryDeadlineDays: r.delivery_deadline_days,
  minMembers: r.min_members,
  maxMembers: r.max_members,
  minAge: r.min_age,
  maxAge: r.max_age,
});

@Injectable()
export class ProductRepository {
  async programmeYear(tx: Tx, year: number): Promise<ProgrammeYear | null> {
    const rows = (await tx.query(`SELECT year, starts_on::text AS starts_on, ends_on::text AS ends_on FROM programme_years WHERE year = $1`, [year])) as { year: number; starts_on: string; ends_on: string }[];
    return rows.length === 0 ? null : { year: rows[0].year, startsOn: rows[0].starts_on, endsOn: rows[0].ends_on };
  }

  async product(tx: Tx, year: number, code: string): Promise<Product | null> {
    const rows = (await tx.query(`${SELECT_PRODUCT} WHERE p.programme_year = $1 AND p.code = $2`, [year, code])) as ProductRow[];
    return rows.length === 0 ? null : toProduct(rows[0]);
  }

  async products(tx: Tx, year: number): Promise<Product[]> {
    const rows = (await tx.query(`${SELECT_PRODUCT} WHERE p.programme_year = $1 ORDER BY p.code`, [year])) as ProductRow[];
    return rows.map(toProduct);
  }

  /**
   * The product and its programme year for an enrolment; absent ones are 422 (the request names them in its
   * body, so the resource addressed by the URL exists but the request cannot be carried out).
   */
  async requireForEnrolment(tx: Tx, year: number, code: string): Promise<{ product: Product; programmeYear: ProgrammeYear }> {
    const programmeYear = await this.programmeYear(tx, year);
    const product = programmeYear ? await this.product(tx, year, code) : null;
    if (!programmeYear || !product) {
      throw new EnrollmentError('ENROLLMENT.PRODUCT_NOT_FOUND', 'unprocessable', `programme year ${year} has no product ${code}`, { programmeYear: year, productCode: code });
    }
    return { product, programmeYear };
  }

  async insertProgrammeYear(tx: Tx, y: ProgrammeYear, at: Date, actor: string): Promise<void> {
    await tx.query(`INSERT INTO programme_years (year, starts_on, ends_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5)`, [y.year, y.startsOn, y.endsOn, at, actor]);
  }

  async insertProduct(tx: Tx, p: Product, at: Date, actor: string): Promise<void> {
    const b = p.benefits;
    await tx.query(
      `INSERT INTO products (programme_year, code, name, premium_fen, death_disability_sum_insured_fen, medical_limit_fen, medical_deductible_fen,
                             medical_reimbursement_bp, hospital_allowance_per_day_fen, hospital_allowance_max_days, cover_start_rule, cover_start_date,
                             cover_start_after_days, issuance_deadline_days, delivery_deadline_days, min_members, max_members, min_age, max_age, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      [
        p.programmeYear, p.code, p.name, p.premiumFen.toString(), b.deathDisabilitySumInsuredFen.toString(), b.medicalLimitFen.toString(),
        b.medicalDeductibleFen.toString(), b.medicalReimbursementBp, b.hospitalAllowancePerDayFen.toString(), b.hospitalAllowanceMaxDays,
        p.coverStart.rule, p.coverStart.rule === 'FIXED_DATE' ? p.coverStart.date : null, p.coverStart.rule === 'AFTER_ENROLMENT' ? p.coverStart.days : null,
        p.issuanceDeadlineDays, p.deliveryDeadlineDays, p.minMembers, p.maxMembers, p.minAge, p.maxAge, at, actor,
      ],
    );
    await tx.query(
      `INSERT INTO product_payer_shares (programme_year, product_code, payer, amount_fen, position)
       SELECT $1, $2, payer, amount_fen, position FROM unnest($3::text[], $4::bigint[], $5::int[]) AS t(payer, amount_fen, position)`,
      [p.programmeYear, p.code, p.payerShares.map((s) => s.payer), p.payerShares.map((s) => s.amountFen.toString()), p.payerShares.map((_, i) => i)],
    );
  }
}
